import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets, type TestDatabase } from '../tests/support/databases.ts';
import { newCustomer, placeOrder } from '../tests/support/orders.ts';
import { type ReportRow, reportSummary, streamReportRows } from './report-queries.ts';
import { seedCatalogue, seedOrders } from './seed.ts';

describe.each(databaseTargets())('report queries on the $name database', (target) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await target.start();
    await seedCatalogue(db.pool);
  });
  afterAll(() => db?.stop());

  async function placeAt(createdAt: string, status?: 'CANCELLED') {
    const order = await placeOrder(db.pool, newCustomer());
    await db.pool.query(
      'UPDATE orders SET created_at = $2, updated_at = $2, status = coalesce($3, status) WHERE id = $1',
      [order.id, createdAt, status ?? null],
    );
    return order;
  }

  it('given orders around midnight in Berlin, when summarised for a Berlin day, then the day boundary is local', async () => {
    // 2001-03-01 00:30 in Berlin (UTC+1) is 2001-02-28 23:30 UTC: inside March 1st for Berlin.
    const inside = await placeAt('2001-02-28T23:30:00Z');
    await placeAt('2001-02-28T22:30:00Z'); // 23:30 on Feb 28th in Berlin: outside
    const summary = await reportSummary(db.pool, {
      periodStart: '2001-03-01',
      periodEnd: '2001-03-02',
      timeZone: 'Europe/Berlin',
    });
    expect(summary.orders).toBe(1);
    expect(summary.byDay).toEqual([
      { day: '2001-03-01', currency: 'USD', orders: 1, revenue: inside.totalAmount },
    ]);
  });

  it('given a cancelled order in the period, then it counts by status but not towards revenue or top products', async () => {
    const kept = await placeAt('2002-05-10T12:00:00Z');
    await placeAt('2002-05-11T12:00:00Z', 'CANCELLED');
    const summary = await reportSummary(db.pool, {
      periodStart: '2002-05-01',
      periodEnd: '2002-06-01',
      timeZone: 'UTC',
    });
    expect(summary.byStatus.map((row) => [row.status, row.orders])).toEqual([
      ['CANCELLED', 1],
      ['PENDING', 1],
    ]);
    expect(summary.byDay.reduce((total, day) => total + day.revenue, 0)).toBe(kept.totalAmount);
    expect(summary.topProducts.reduce((total, product) => total + product.revenue, 0)).toBe(kept.totalAmount);
  });

  it('given 3,000 seeded orders in a period, when streamed in batches of 500, then every order arrives once, oldest first', async () => {
    const to = new Date('2003-01-01T00:00:00Z');
    await seedOrders(db.pool, { orders: 3000, from: new Date('2002-07-01T00:00:00Z'), to, seed: 7 });
    const client = await db.pool.connect();
    const rows: ReportRow[] = [];
    try {
      for await (const row of streamReportRows(
        client,
        { periodStart: '2002-07-01', periodEnd: '2003-01-01', timeZone: 'UTC' },
        500,
      )) {
        rows.push(row);
      }
    } finally {
      client.release();
    }
    expect(rows).toHaveLength(3000);
    expect(new Set(rows.map((row) => row.orderId)).size).toBe(3000);
    expect(rows.map((row) => row.createdAt)).toEqual(rows.map((row) => row.createdAt).sort());
  });
});
