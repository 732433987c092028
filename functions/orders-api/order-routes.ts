import type { Router } from '@aws-lambda-powertools/event-handler/http';
import type { RequestContext } from '@aws-lambda-powertools/event-handler/types';
import { TransitionRefusedError } from '../../core/errors.ts';
import {
  cancelRequestSchema,
  createOrderRequestSchema,
  idempotencyKeySchema,
  orderHistoryQuerySchema,
  orderIdSchema,
  transitionRequestSchema,
} from '../../core/order-requests.ts';
import { parseInput } from '../../core/validation.ts';
import { cancelOrder, changeStatus, createOrder, listOrdersForOwner } from '../../db/orders-repository.ts';
import { callerFromEvent, ForbiddenError, requireAdmin } from '../lib/caller.ts';
import { getPool } from '../lib/database.ts';
import { jsonResponse, parseNamed, readJsonBody, readQuery } from '../lib/http.ts';
import { METRIC, MetricUnit, metrics } from '../lib/observability.ts';
import { transitionRefusedProblem } from '../lib/problem.ts';
import { config } from './config.ts';
import { publishAfterCommit, publishCatalogueAfterCommit } from './publish-after-commit.ts';

function orderIdOf(reqCtx: RequestContext): string {
  return parseNamed('id', orderIdSchema, reqCtx.params.id);
}

/** The lifecycle refused the move: counted, then reported in the route's own status. */
async function answerRefusalWith<T>(status: 409 | 422, change: () => Promise<T>): Promise<T> {
  try {
    return await change();
  } catch (error) {
    if (!(error instanceof TransitionRefusedError)) throw error;
    metrics.addMetric(METRIC.transitionsRejected, MetricUnit.Count, 1);
    throw transitionRefusedProblem(error, status);
  }
}

export function registerOrderRoutes(app: Router): void {
  // "My orders": the caller's own, newest first. Admins too see only their own here (the console
  // reads everyone's through AppSync's ADMINS-only query).
  app.get('/orders', async (reqCtx) => {
    const caller = callerFromEvent(reqCtx.event, config.appClientId);
    const { limit, status, createdFrom, createdBefore, cursor } = parseInput(
      orderHistoryQuerySchema,
      readQuery(reqCtx),
    );
    const page = await listOrdersForOwner(await getPool(), {
      ownerSub: caller.sub,
      limit,
      status,
      createdFrom,
      createdTo: createdBefore,
      cursor,
    });
    return jsonResponse(200, page);
  });

  app.post('/orders', async (reqCtx) => {
    const caller = callerFromEvent(reqCtx.event, config.appClientId);
    if (!caller.email)
      throw new ForbiddenError('The access token carries no email address to place an order under');
    const idempotencyKey = parseNamed(
      'Idempotency-Key',
      idempotencyKeySchema,
      reqCtx.req.headers.get('idempotency-key') ?? undefined,
    );
    const request = parseInput(createOrderRequestSchema, await readJsonBody(reqCtx));
    const result = await createOrder(await getPool(), {
      customer: { sub: caller.sub, email: caller.email },
      idempotencyKey,
      request,
    });
    if (!result.replayed) {
      metrics.addMetric(METRIC.ordersCreated, MetricUnit.Count, 1);
      await publishAfterCommit(result.newEvents);
      await publishCatalogueAfterCommit(request.items.map((item) => item.productId));
    }
    return jsonResponse(201, result.order, { location: `/orders/${result.order.id}` });
  });

  app.post('/orders/:id/cancel', async (reqCtx) => {
    const caller = callerFromEvent(reqCtx.event, config.appClientId);
    const orderId = orderIdOf(reqCtx);
    const { expectedVersion } = parseInput(cancelRequestSchema, await readJsonBody(reqCtx));
    const pool = await getPool();
    const result = await answerRefusalWith(409, () =>
      cancelOrder(pool, { caller, orderId, expectedVersion }),
    );
    await publishAfterCommit(result.newEvents);
    await publishCatalogueAfterCommit(result.order.items.map((item) => item.productId));
    return jsonResponse(200, result.order);
  });

  app.post('/orders/:id/transitions', async (reqCtx) => {
    const caller = requireAdmin(callerFromEvent(reqCtx.event, config.appClientId));
    const orderId = orderIdOf(reqCtx);
    const { to, expectedVersion } = parseInput(transitionRequestSchema, await readJsonBody(reqCtx));
    const pool = await getPool();
    const result = await answerRefusalWith(422, () =>
      changeStatus(pool, { caller, orderId, to, expectedVersion }),
    );
    await publishAfterCommit(result.newEvents);
    // A cancel releases, a delivery consumes: either may change a product's public availability.
    await publishCatalogueAfterCommit(result.order.items.map((item) => item.productId));
    return jsonResponse(200, result.order);
  });
}
