import { randomBytes } from 'node:crypto';
import type pg from 'pg';

/** A product sold in the given currencies (prices in minor units), with stock. Returns its id. */
export async function seedProduct(
  pool: pg.Pool,
  input: { prices: Record<string, number>; active?: boolean; name?: string; onHand?: number },
): Promise<string> {
  const sku = `SKU-${randomBytes(5).toString('hex').toUpperCase()}`;
  const { rows } = await pool.query(
    'INSERT INTO products (sku, name, active) VALUES ($1, $2, $3) RETURNING id',
    [sku, input.name ?? `Product ${sku}`, input.active ?? true],
  );
  const productId: string = rows[0].id;
  await pool.query('INSERT INTO product_stock (product_id, on_hand) VALUES ($1, $2)', [
    productId,
    input.onHand ?? 100_000,
  ]);
  for (const [currency, unitAmount] of Object.entries(input.prices)) {
    await pool.query('INSERT INTO product_prices (product_id, currency, unit_amount) VALUES ($1, $2, $3)', [
      productId,
      currency,
      unitAmount,
    ]);
  }
  return productId;
}

/** A finished report for a period, as the report function leaves it. Returns its id. */
export async function seedReadyReport(
  pool: pg.Pool,
  period: { periodStart: string; periodEnd: string },
): Promise<string> {
  const { rows } = await pool.query(
    `INSERT INTO reports (period_start, period_end, status, object_key, row_count, summary, requested_by, completed_at)
     VALUES ($1, $2, 'READY', $3, 0, '{"orders":0,"byStatus":[],"byDay":[],"topProducts":[]}', 'seed', now()) RETURNING id`,
    [period.periodStart, period.periodEnd, `reports/${period.periodStart}.csv`],
  );
  return rows[0].id;
}

export async function countRows(
  pool: pg.Pool,
  table: 'orders' | 'order_events' | 'idempotency_keys' | 'reports',
): Promise<number> {
  const { rows } = await pool.query(`SELECT count(*)::int AS n FROM ${table}`);
  return rows[0].n;
}
