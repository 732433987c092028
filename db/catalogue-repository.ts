import type pg from 'pg';
import type {
  ChangeProductRequest,
  CreateProductRequest,
  StockChangeRequest,
} from '../core/catalogue-requests.ts';
import { MAX_STOCK, type ProductDetail } from '../core/catalogue-requests.ts';
import {
  ProductNotFoundError,
  SkuTakenError,
  StockBelowReservedError,
  VersionConflictError,
} from '../core/errors.ts';
import { ValidationError } from '../core/validation.ts';
import { fingerprint, type IdempotencyScope, runOnce, storeResponse } from './idempotency.ts';
import { type Queryable, withTransaction } from './transaction.ts';

/** Who changes the catalogue (an admin, from the verified token), as the audit trail records them. */
export interface CatalogueActor {
  sub: string;
  email: string | null;
}

type AuditAction = 'CREATED' | 'UPDATED' | 'RETIRED' | 'REACTIVATED' | 'STOCK_SET' | 'STOCK_ADJUSTED';

export interface CatalogueWriteResult {
  product: ProductDetail;
  /** True when an Idempotency-Key replayed the first response. */
  replayed: boolean;
}

const iso = (value: unknown) => (value instanceof Date ? value : new Date(String(value))).toISOString();

function toProductDetail(row: Record<string, unknown>): ProductDetail {
  const onHand = Number(row.on_hand);
  const reserved = Number(row.reserved);
  return {
    id: String(row.id),
    sku: String(row.sku),
    name: String(row.name),
    description: String(row.description),
    active: Boolean(row.active),
    version: Number(row.version),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    prices: Object.fromEntries(
      Object.entries(row.prices as Record<string, unknown>).map(([currency, amount]) => [
        currency,
        Number(amount),
      ]),
    ),
    stock: { onHand, reserved, available: onHand - reserved },
  };
}

/** One product with its prices and stock, or null. `lock` holds its stock row until commit. */
export async function getProduct(
  db: Queryable,
  productId: string,
  lock: '' | 'FOR UPDATE OF s' = '',
): Promise<ProductDetail | null> {
  const { rows } = await db.query(
    `SELECT p.id, p.sku, p.name, p.description, p.active, p.version, p.created_at, p.updated_at,
            (SELECT coalesce(jsonb_object_agg(pp.currency, pp.unit_amount), '{}')
               FROM product_prices pp WHERE pp.product_id = p.id) AS prices,
            s.on_hand, s.reserved
       FROM products p JOIN product_stock s ON s.product_id = p.id
      WHERE p.id = $1 ${lock}`,
    [productId],
  );
  return rows[0] ? toProductDetail(rows[0]) : null;
}

async function requireProduct(client: pg.PoolClient, productId: string, lock: 'FOR UPDATE OF s' | '') {
  const product = await getProduct(client, productId, lock);
  if (!product) throw new ProductNotFoundError(productId);
  return product;
}

/** What the audit trail keeps of a product's catalogue entry (stock has its own entries). */
function catalogueSnapshot(product: ProductDetail) {
  const { name, description, active, prices, version } = product;
  return { name, description, active, prices, version };
}

async function audit(
  client: pg.PoolClient,
  entry: {
    productId: string;
    actor: CatalogueActor;
    action: AuditAction;
    reason?: string;
    before: unknown;
    after: unknown;
  },
): Promise<void> {
  await client.query(
    `INSERT INTO product_audit (product_id, actor_sub, actor_email, action, reason, before, after)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      entry.productId,
      entry.actor.sub,
      entry.actor.email,
      entry.action,
      entry.reason ?? null,
      entry.before === null ? null : JSON.stringify(entry.before),
      JSON.stringify(entry.after),
    ],
  );
}

async function replacePrices(client: pg.PoolClient, productId: string, prices: Record<string, number>) {
  await client.query('DELETE FROM product_prices WHERE product_id = $1', [productId]);
  await client.query(
    `INSERT INTO product_prices (product_id, currency, unit_amount)
     SELECT $1, * FROM unnest($2::text[], $3::bigint[])`,
    [productId, Object.keys(prices), Object.values(prices)],
  );
}

/**
 * Creates a product with its prices and first stock level, audited, idempotently per (admin, key).
 * A SKU another product has is a SkuTakenError (the unique index decides, not a prior read).
 */
export function createProduct(
  pool: pg.Pool,
  input: { actor: CatalogueActor; idempotencyKey: string; request: CreateProductRequest },
): Promise<CatalogueWriteResult> {
  const { actor, request } = input;
  const scope: IdempotencyScope = {
    ownerSub: actor.sub,
    key: input.idempotencyKey,
    requestHash: fingerprint(['createProduct', request]),
  };
  return runOnce<CatalogueWriteResult>(
    pool,
    scope,
    async (client) => {
      const inserted = await client.query(
        `INSERT INTO products (sku, name, description, active) VALUES ($1, $2, $3, $4)
         ON CONFLICT (sku) DO NOTHING RETURNING id`,
        [request.sku, request.name, request.description, request.active],
      );
      if (inserted.rowCount === 0) throw new SkuTakenError(request.sku);
      const productId = String(inserted.rows[0].id);
      await replacePrices(client, productId, request.prices);
      await client.query('INSERT INTO product_stock (product_id, on_hand) VALUES ($1, $2)', [
        productId,
        request.onHand,
      ]);
      const product = await requireProduct(client, productId, '');
      await audit(client, {
        productId,
        actor,
        action: 'CREATED',
        before: null,
        after: { sku: product.sku, ...catalogueSnapshot(product), onHand: product.stock.onHand },
      });
      await storeResponse(client, scope, { status: 201, body: product, subject: { productId } });
      return { product, replayed: false };
    },
    (stored) => ({ product: stored as ProductDetail, replayed: true }),
  );
}

/**
 * Edits, retires or reactivates a product against the version the admin saw (optimistic
 * concurrency: a stale version is a VersionConflictError, never a lost update). The row lock makes
 * the version check and the write one step.
 */
export function changeProduct(
  pool: pg.Pool,
  input: { actor: CatalogueActor; productId: string; request: ChangeProductRequest },
): Promise<ProductDetail> {
  const { actor, productId, request } = input;
  return withTransaction(pool, async (client) => {
    const locked = await client.query('SELECT version FROM products WHERE id = $1 FOR UPDATE', [productId]);
    if (!locked.rows[0]) throw new ProductNotFoundError(productId);
    const before = await requireProduct(client, productId, '');
    if (before.version !== request.expectedVersion)
      throw new VersionConflictError(request.expectedVersion, before.version, 'product');
    await client.query(
      `UPDATE products SET name = coalesce($2, name), description = coalesce($3, description),
              active = coalesce($4, active), version = version + 1, updated_at = greatest(now(), created_at)
        WHERE id = $1`,
      [productId, request.name ?? null, request.description ?? null, request.active ?? null],
    );
    if (request.prices) await replacePrices(client, productId, request.prices);
    const after = await requireProduct(client, productId, '');
    await audit(client, {
      productId,
      actor,
      action: before.active === after.active ? 'UPDATED' : after.active ? 'REACTIVATED' : 'RETIRED',
      before: catalogueSnapshot(before),
      after: catalogueSnapshot(after),
    });
    return after;
  });
}

/**
 * Sets or adjusts the units on hand, audited with the admin's reason, idempotently per (admin,
 * key). An adjustment is applied in SQL (`on_hand + delta`) under the row lock, so adjustments and
 * orders racing each other all count; none may take on hand below what open orders hold.
 */
export function changeStock(
  pool: pg.Pool,
  input: { actor: CatalogueActor; productId: string; idempotencyKey: string; request: StockChangeRequest },
): Promise<CatalogueWriteResult> {
  const { actor, productId, request } = input;
  const scope: IdempotencyScope = {
    ownerSub: actor.sub,
    key: input.idempotencyKey,
    requestHash: fingerprint(['changeStock', productId, request]),
  };
  return runOnce<CatalogueWriteResult>(
    pool,
    scope,
    async (client) => {
      const before = await requireProduct(client, productId, 'FOR UPDATE OF s');
      const onHand = request.kind === 'SET' ? request.onHand : before.stock.onHand + request.delta;
      if (onHand > MAX_STOCK)
        throw new ValidationError([{ path: 'delta', message: `Stock would exceed ${MAX_STOCK} units` }]);
      if (onHand < before.stock.reserved) throw new StockBelowReservedError(onHand, before.stock.reserved);
      await client.query(
        `UPDATE product_stock SET on_hand = ${request.kind === 'SET' ? '$2' : 'on_hand + $2'}, updated_at = now()
          WHERE product_id = $1`,
        [productId, request.kind === 'SET' ? request.onHand : request.delta],
      );
      const product = await requireProduct(client, productId, '');
      await audit(client, {
        productId,
        actor,
        action: request.kind === 'SET' ? 'STOCK_SET' : 'STOCK_ADJUSTED',
        reason: request.reason,
        before: before.stock,
        after: product.stock,
      });
      await storeResponse(client, scope, { status: 200, body: product, subject: { productId } });
      return { product, replayed: false };
    },
    (stored) => ({ product: stored as ProductDetail, replayed: true }),
  );
}
