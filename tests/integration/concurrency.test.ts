import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { VersionConflictError } from '../../core/errors.ts';
import { changeStatus, createOrder } from '../../db/orders-repository.ts';
import { publishPendingBatch } from '../../db/outbox.ts';
import { catalogueDatabase, databaseTargets } from '../support/databases.ts';
import { newCustomer, placeOrder, productIds } from '../support/orders.ts';

// Row locks, SKIP LOCKED and unique-index waits, with real concurrent sessions: on the embedded
// server as on the real one.
describe.each(databaseTargets())('concurrency on the $name database', (target) => {
  const db = catalogueDatabase(target);

  it('given 20 admins moving one order from the same version at once, then exactly one wins and 19 get a version conflict', async () => {
    const order = await placeOrder(db.pool, newCustomer());
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, index) =>
        changeStatus(db.pool, {
          caller: { sub: `admin-${index}`, role: 'ADMIN' },
          orderId: order.id,
          to: 'CONFIRMED',
          expectedVersion: 1,
        }),
      ),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const failures = results.filter((result) => result.status === 'rejected');
    expect(failures).toHaveLength(19);
    for (const failure of failures) expect(failure.reason).toBeInstanceOf(VersionConflictError);
    const { rows } = await db.pool.query(
      'SELECT version, (SELECT count(*)::int FROM order_events WHERE order_id = $1) AS events FROM orders WHERE id = $1',
      [order.id],
    );
    expect(rows[0]).toEqual({ version: 2, events: 2 });
  });

  it('given 20 identical creates with one idempotency key at once, then one order and one event exist and all 20 see it', async () => {
    const customer = newCustomer();
    const [productId] = await productIds(db.pool);
    const input = {
      customer,
      idempotencyKey: randomUUID(),
      request: { currency: 'USD', items: [{ productId: productId as string, quantity: 1 }] },
    };
    const results = await Promise.all(Array.from({ length: 20 }, () => createOrder(db.pool, input)));
    expect(new Set(results.map((result) => result.order.id)).size).toBe(1);
    expect(results.filter((result) => !result.replayed)).toHaveLength(1);
    const { rows } = await db.pool.query(
      `SELECT (SELECT count(*) FROM orders WHERE owner_sub = $1)::int AS orders,
              (SELECT count(*) FROM order_events WHERE owner_sub = $1)::int AS events`,
      [customer.sub],
    );
    expect(rows[0]).toEqual({ orders: 1, events: 1 });
  });

  it('given two relays running at once, then they publish disjoint batches and every event exactly once', async () => {
    await db.pool.query('UPDATE order_events SET published_at = now() WHERE published_at IS NULL');
    const customer = newCustomer();
    for (let index = 0; index < 30; index++) await placeOrder(db.pool, customer);
    const published: [string[], string[]] = [[], []];
    const relay = (slot: 0 | 1) =>
      publishPendingBatch(db.pool, {
        limit: 20,
        publish: async (events) => {
          await new Promise((resolve) => setTimeout(resolve, 100)); // hold the locks while the other relay runs
          published[slot].push(...events.map((event) => event.id));
          return events.map((event) => event.id);
        },
      });
    const counts = await Promise.all([relay(0), relay(1)]);
    expect(counts[0] + counts[1]).toBe(30);
    expect(published[0].filter((id) => published[1].includes(id))).toEqual([]);
  });
});
