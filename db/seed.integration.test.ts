import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets, type TestDatabase } from '../tests/support/databases.ts';
import { seedCatalogue, seedOrders } from './seed.ts';

describe.each(databaseTargets())('seeding orders on the $name database', (target) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await target.start();
    await seedCatalogue(db.pool);
  });
  afterAll(() => db?.stop());

  it('given a seed in parallel batches, when it finishes, then every order agrees with its items and events and its id is time-ordered', async () => {
    await seedOrders(db.pool, { orders: 2000, batchSize: 500, parallelism: 2, seed: 3 });
    const { rows } = await db.pool.query(
      `SELECT count(*)::int AS orders,
              count(*) FILTER (WHERE o.total_amount <> (SELECT sum(line_amount) FROM order_items i WHERE i.order_id = o.id)
                                  OR o.version <> (SELECT count(*) FROM order_events e WHERE e.order_id = o.id))::int AS mismatched,
              count(*) FILTER (WHERE o.id::text !~ '^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$')::int AS not_v7
         FROM orders o`,
    );
    expect(rows[0]).toEqual({ orders: 2000, mismatched: 0, not_v7: 0 });
  });
});
