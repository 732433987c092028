import { describe, expect, it } from 'vitest';
import { catalogueDatabase, databaseTargets } from '../tests/support/databases.ts';
import { newCustomer, placeOrder } from '../tests/support/orders.ts';
import { REPORT_CSV_HEADER, reportCsvStream, reportSummary } from './report-queries.ts';
import { seedOrders } from './seed.ts';

describe.each(databaseTargets())('report queries on the $name database', (target) => {
  const db = catalogueDatabase(target);

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

  async function copyCsv(scope: { periodStart: string; periodEnd: string; timeZone: string }) {
    const client = await db.pool.connect();
    try {
      const csv = reportCsvStream(client, scope);
      const chunks: Buffer[] = [];
      for await (const chunk of csv) chunks.push(chunk as Buffer);
      return { text: Buffer.concat(chunks).toString('utf8'), rowCount: csv.rowCount };
    } finally {
      client.release();
    }
  }

  it('given 3,000 seeded orders in a period, when copied as CSV, then every order arrives once, oldest first, in the columns the report promises', async () => {
    const to = new Date('2003-01-01T00:00:00Z');
    await seedOrders(db.pool, { orders: 3000, from: new Date('2002-07-01T00:00:00Z'), to, seed: 7 });
    const { text, rowCount } = await copyCsv({
      periodStart: '2002-07-01',
      periodEnd: '2003-01-01',
      timeZone: 'UTC',
    });
    const [header, ...lines] = text.trimEnd().split('\n');
    expect(header).toBe(REPORT_CSV_HEADER);
    expect(rowCount).toBe(3000);
    expect(lines).toHaveLength(3000);
    const cells = lines.map((line) => line.split(','));
    expect(new Set(cells.map((cell) => cell[0])).size).toBe(3000);
    const createdAt = cells.map((cell) => cell[1]);
    expect(createdAt).toEqual([...createdAt].sort());
    // Exactly these shapes: no quoting needed, and no cell a spreadsheet could read as a formula.
    for (const line of lines) {
      expect(line).toMatch(
        /^[0-9a-f-]{36},\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z,(Pending|Confirmed|Shipped|Delivered|Cancelled),[A-Z]{3},\d+(\.\d+)?,\d+$/,
      );
    }
  });

  it("given orders in dollars and in yen, when copied, then totals read in each currency's major unit and statuses as words", async () => {
    const dollars = await placeAt('2004-02-10T12:00:00Z');
    await db.pool.query('UPDATE orders SET total_amount = 123405 WHERE id = $1', [dollars.id]);
    const yen = await placeAt('2004-02-11T12:00:00Z', 'CANCELLED');
    await db.pool.query("UPDATE orders SET total_amount = 19800, currency = 'JPY' WHERE id = $1", [yen.id]);
    const { text } = await copyCsv({ periodStart: '2004-02-01', periodEnd: '2004-03-01', timeZone: 'UTC' });
    const rows = text
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((line) => line.split(','));
    expect(rows.map((row) => [row[2], row[3], row[4]])).toEqual([
      ['Pending', 'USD', '1234.05'],
      ['Cancelled', 'JPY', '19800'],
    ]);
  });

  it('given no orders in the period, when copied, then the CSV is the header alone', async () => {
    const { text, rowCount } = await copyCsv({
      periodStart: '1990-01-01',
      periodEnd: '1990-01-02',
      timeZone: 'UTC',
    });
    expect(text).toBe(`${REPORT_CSV_HEADER}\n`);
    expect(rowCount).toBe(0);
  });

  it('given a time zone carrying SQL, when copied, then it is read as a (bad) zone name and runs nothing', async () => {
    await expect(
      copyCsv({
        periodStart: '2002-07-01',
        periodEnd: '2003-01-01',
        timeZone: "UTC')) TO STDOUT; DROP TABLE orders; --",
      }),
    ).rejects.toThrow(/time zone/);
    const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM orders');
    expect(rows[0].n).toBeGreaterThan(0);
  });
});
