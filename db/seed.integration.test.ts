import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets, type TestDatabase } from '../tests/support/databases.ts';
import { seedCatalogue, seedOrders } from './seed.ts';

const SEEDED_TABLES = ['orders', 'order_items', 'order_events'];

describe.each(databaseTargets())('seeding orders on the $name database', (target) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await target.start();
    await seedCatalogue(db.pool);
  });
  afterAll(() => db?.stop());

  async function indexDefinitions(): Promise<string[]> {
    const { rows } = await db.pool.query(
      'SELECT indexdef FROM pg_indexes WHERE tablename = ANY ($1) ORDER BY indexname',
      [SEEDED_TABLES],
    );
    return rows.map((row) => row.indexdef);
  }

  async function counts() {
    const { rows } = await db.pool.query(
      `SELECT (SELECT count(*)::int FROM orders) AS orders, (SELECT count(*)::int FROM order_items) AS items,
              (SELECT count(*)::int FROM order_events) AS events`,
    );
    return rows[0];
  }

  it('given a bulk load, when it finishes, then every key and index is back as the schema defines it and the rows agree', async () => {
    const before = await indexDefinitions();
    await seedOrders(db.pool, { orders: 2000, batchSize: 500, bulkLoad: true, seed: 3 });
    expect(await indexDefinitions()).toEqual(before);
    const { rows } = await db.pool.query(
      `SELECT count(*)::int AS mismatched FROM orders o
        WHERE o.total_amount <> (SELECT sum(line_amount) FROM order_items i WHERE i.order_id = o.id)
           OR o.version <> (SELECT count(*) FROM order_events e WHERE e.order_id = o.id)`,
    );
    expect(rows[0].mismatched).toBe(0);
    expect((await counts()).orders).toBe(2000);
  });

  it('given a bulk load that fails half way, when it stops, then nothing was written and every index is still there', async () => {
    const before = { indexes: await indexDefinitions(), counts: await counts() };
    const failing = seedOrders(db.pool, {
      orders: 2000,
      batchSize: 500,
      bulkLoad: true,
      onProgress: (done) => {
        if (done >= 1000) throw new Error('disk full');
      },
    });
    await expect(failing).rejects.toThrow('disk full');
    expect(await indexDefinitions()).toEqual(before.indexes);
    expect(await counts()).toEqual(before.counts);
  });
});
