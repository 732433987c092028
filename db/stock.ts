import type pg from 'pg';
import { InsufficientStockError } from '../core/errors.ts';
import type { ShortLine } from '../core/stock.ts';

/** One order line's claim on stock; `path` names the line in the request, for the refusal. */
export interface StockClaim {
  path: string;
  productId: string;
  quantity: number;
}

/**
 * Reserves every line of an order, or none: the caller's transaction rolls back on the refusal.
 * The stock rows are locked in product id order (so two orders for the same products cannot
 * deadlock), then one conditional UPDATE reserves each line only where `on_hand - reserved` covers
 * it. The database decides: there is no read-then-write in JavaScript to race.
 */
export async function reserveStock(client: pg.PoolClient, claims: readonly StockClaim[]): Promise<void> {
  const productIds = claims.map((claim) => claim.productId);
  const locked = await client.query(
    `SELECT product_id, on_hand - reserved AS available FROM product_stock
      WHERE product_id = ANY($1::uuid[]) ORDER BY product_id FOR UPDATE`,
    [productIds],
  );
  const reserved = await client.query(
    `UPDATE product_stock s SET reserved = s.reserved + c.quantity, updated_at = now()
       FROM unnest($1::uuid[], $2::int[]) AS c(product_id, quantity)
      WHERE s.product_id = c.product_id AND s.on_hand - s.reserved >= c.quantity
      RETURNING s.product_id`,
    [productIds, claims.map((claim) => claim.quantity)],
  );
  if (reserved.rowCount === claims.length) return;
  const reservedIds = new Set(reserved.rows.map((row) => String(row.product_id)));
  const availableBefore = new Map(locked.rows.map((row) => [String(row.product_id), Number(row.available)]));
  const short: ShortLine[] = claims
    .filter((claim) => !reservedIds.has(claim.productId))
    .map((claim) => ({
      path: claim.path,
      productId: claim.productId,
      requested: claim.quantity,
      available: Math.max(0, availableBefore.get(claim.productId) ?? 0),
    }));
  throw new InsufficientStockError(short);
}

/**
 * Ends an order's holds on stock: RELEASED (cancelled: the units are free again) or CONSUMED
 * (delivered: they leave the shelf). Lines placed before stock was tracked hold nothing and are
 * skipped; a line is settled once, since only HELD lines move.
 */
export async function settleReservations(
  client: pg.PoolClient,
  orderId: string,
  outcome: 'RELEASED' | 'CONSUMED',
): Promise<void> {
  // Same lock order as reserveStock.
  await client.query(
    `SELECT 1 FROM product_stock
      WHERE product_id IN (SELECT product_id FROM order_items WHERE order_id = $1 AND stock_state = 'HELD')
      ORDER BY product_id FOR UPDATE`,
    [orderId],
  );
  await client.query(
    `WITH settled AS (
       UPDATE order_items SET stock_state = $2
        WHERE order_id = $1 AND stock_state = 'HELD'
        RETURNING product_id, quantity
     )
     UPDATE product_stock s
        SET reserved = s.reserved - settled.quantity,
            on_hand = s.on_hand - CASE WHEN $2 = 'CONSUMED' THEN settled.quantity ELSE 0 END,
            updated_at = now()
       FROM settled
      WHERE s.product_id = settled.product_id`,
    [orderId, outcome],
  );
}
