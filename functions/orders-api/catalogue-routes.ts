import type { Router } from '@aws-lambda-powertools/event-handler/http';
import type { RequestContext } from '@aws-lambda-powertools/event-handler/types';
import {
  changeProductRequestSchema,
  createProductRequestSchema,
  stockChangeRequestSchema,
} from '../../core/catalogue-requests.ts';
import { idempotencyKeySchema, productIdSchema } from '../../core/order-requests.ts';
import { parseInput } from '../../core/validation.ts';
import {
  type CatalogueActor,
  changeProduct,
  changeStock,
  createProduct,
} from '../../db/catalogue-repository.ts';
import { callerFromEvent, requireAdmin } from '../lib/caller.ts';
import { getPool } from '../lib/database.ts';
import { jsonResponse, parseNamed, readJsonBody } from '../lib/http.ts';
import { config } from './config.ts';
import { publishCatalogueAfterCommit } from './publish-after-commit.ts';

/** Catalogue writes are for ADMINS (whose claim needs TOTP), checked before the body is read. */
function adminActor(reqCtx: RequestContext): CatalogueActor {
  const { sub, email } = requireAdmin(callerFromEvent(reqCtx.event, config.appClientId));
  return { sub, email };
}

function idempotencyKeyOf(reqCtx: RequestContext): string {
  return parseNamed(
    'Idempotency-Key',
    idempotencyKeySchema,
    reqCtx.req.headers.get('idempotency-key') ?? undefined,
  );
}

function productIdOf(reqCtx: RequestContext): string {
  return parseNamed('id', productIdSchema, reqCtx.params.id);
}

export function registerCatalogueRoutes(app: Router): void {
  app.post('/products', async (reqCtx) => {
    const actor = adminActor(reqCtx);
    const idempotencyKey = idempotencyKeyOf(reqCtx);
    const request = parseInput(createProductRequestSchema, await readJsonBody(reqCtx));
    const result = await createProduct(await getPool(), { actor, idempotencyKey, request });
    if (!result.replayed) await publishCatalogueAfterCommit([result.product.id]);
    return jsonResponse(201, result.product, { location: `/products/${result.product.id}` });
  });

  app.post('/products/:id/changes', async (reqCtx) => {
    const actor = adminActor(reqCtx);
    const productId = productIdOf(reqCtx);
    const request = parseInput(changeProductRequestSchema, await readJsonBody(reqCtx));
    const product = await changeProduct(await getPool(), { actor, productId, request });
    await publishCatalogueAfterCommit([product.id]);
    return jsonResponse(200, product);
  });

  app.post('/products/:id/stock', async (reqCtx) => {
    const actor = adminActor(reqCtx);
    const productId = productIdOf(reqCtx);
    const idempotencyKey = idempotencyKeyOf(reqCtx);
    const request = parseInput(stockChangeRequestSchema, await readJsonBody(reqCtx));
    const result = await changeStock(await getPool(), { actor, productId, idempotencyKey, request });
    if (!result.replayed) await publishCatalogueAfterCommit([productId]);
    return jsonResponse(200, result.product);
  });
}
