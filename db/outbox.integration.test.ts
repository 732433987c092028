import { beforeEach, describe, expect, it } from 'vitest';
import { toOrderEventMessage } from '../core/order-events.ts';
import { catalogueDatabase, databaseTargets } from '../tests/support/databases.ts';
import { newCustomer, placeOrder } from '../tests/support/orders.ts';
import { markPublished, oldestUnpublishedAgeSeconds, publishPendingBatch } from './outbox.ts';

describe.each(databaseTargets())('outbox on the $name database', (target) => {
  const db = catalogueDatabase(target);
  beforeEach(async () => {
    await db.pool.query('UPDATE order_events SET published_at = now() WHERE published_at IS NULL');
  });

  it('given unpublished events, when a batch is published, then they go oldest first and are marked', async () => {
    const customer = newCustomer();
    const orders = [await placeOrder(db.pool, customer), await placeOrder(db.pool, customer)];
    const seen: string[] = [];
    const marked = await publishPendingBatch(db.pool, {
      limit: 10,
      publish: async (events) => {
        seen.push(...events.map((event) => event.orderId));
        return events.map((event) => event.id);
      },
    });
    expect(marked).toBe(2);
    expect(seen).toEqual(orders.map((order) => order.id));
    expect(await oldestUnpublishedAgeSeconds(db.pool)).toBeNull();
  });

  it('given a publisher that fails, when the batch runs, then every event stays in the outbox', async () => {
    await placeOrder(db.pool, newCustomer());
    await expect(
      publishPendingBatch(db.pool, {
        limit: 10,
        publish: async () => {
          throw new Error('PutEvents unavailable');
        },
      }),
    ).rejects.toThrow('PutEvents unavailable');
    expect(await oldestUnpublishedAgeSeconds(db.pool)).not.toBeNull();
  });

  it('given a publisher that delivers only some events, then only those are marked', async () => {
    const customer = newCustomer();
    await placeOrder(db.pool, customer);
    await placeOrder(db.pool, customer);
    await publishPendingBatch(db.pool, { limit: 10, publish: async (events) => [events[0]?.id as string] });
    const { rows } = await db.pool.query(
      'SELECT count(*)::int AS n FROM order_events WHERE published_at IS NULL',
    );
    expect(rows[0].n).toBe(1);
  });

  it('given an event marked twice, then the second mark changes nothing', async () => {
    const order = await placeOrder(db.pool, newCustomer());
    const eventId = order.events[0]?.id as string;
    expect(await markPublished(db.pool, [eventId])).toBe(1);
    expect(await markPublished(db.pool, [eventId])).toBe(0);
  });

  it('given an event record, when turned into a message, then it carries its id, owner and version', async () => {
    const order = await placeOrder(db.pool, newCustomer());
    const event = order.events[0];
    if (!event) throw new Error('expected the placed event');
    expect(toOrderEventMessage(event)).toEqual({
      eventId: event.id,
      orderId: order.id,
      ownerSub: order.ownerSub,
      type: 'ORDER_PLACED',
      fromStatus: null,
      toStatus: 'PENDING',
      orderVersion: 1,
      occurredAt: event.occurredAt,
    });
  });
});
