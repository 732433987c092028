import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../core/caller.ts';
import {
  IdempotencyConflictError,
  OrderNotFoundError,
  TransitionRefusedError,
  VersionConflictError,
} from '../core/errors.ts';
import { UnpriceableItemError } from '../core/pricing.ts';
import { ValidationError } from '../core/validation.ts';
import { databaseTargets, type TestDatabase } from '../tests/support/databases.ts';
import { newCustomer, placeOrder, productIds } from '../tests/support/orders.ts';
import {
  cancelOrder,
  changeStatus,
  createOrder,
  getOrder,
  listAllOrders,
  listOrdersForOwner,
} from './orders-repository.ts';
import { seedCatalogue } from './seed.ts';

const admin: Caller = { sub: 'admin-sub', role: 'ADMIN' };

describe.each(databaseTargets())('orders repository on the $name database', (target) => {
  let db: TestDatabase;
  let products: string[];

  beforeAll(async () => {
    db = await target.start();
    await seedCatalogue(db.pool);
    products = await productIds(db.pool);
  });
  afterAll(() => db?.stop());

  describe('creating an order', () => {
    it('given catalogue products, when a customer orders, then totals come from catalogue prices', async () => {
      const customer = newCustomer();
      const { order, replayed, newEvents } = await createOrder(db.pool, {
        customer,
        idempotencyKey: randomUUID(),
        request: {
          currency: 'USD',
          items: [
            { productId: products[0] as string, quantity: 2 },
            { productId: products[1] as string, quantity: 1 },
          ],
        },
      });
      const { rows } = await db.pool.query(
        'SELECT sum(pp.unit_amount * i.quantity)::int AS expected FROM order_items i JOIN product_prices pp ON pp.product_id = i.product_id AND pp.currency = $2 WHERE i.order_id = $1',
        [order.id, 'USD'],
      );
      expect(order.totalAmount).toBe(rows[0].expected);
      expect(order).toMatchObject({ status: 'PENDING', version: 1, itemCount: 3, ownerSub: customer.sub });
      expect(replayed).toBe(false);
      expect(
        newEvents.map((event) => [event.type, event.toStatus, event.orderVersion, event.publishedAt]),
      ).toEqual([['ORDER_PLACED', 'PENDING', 1, null]]);
    });

    it('given a key used before with the same request, when replayed, then the first response returns and nothing is written', async () => {
      const customer = newCustomer();
      const input = {
        customer,
        idempotencyKey: randomUUID(),
        request: { currency: 'EUR', items: [{ productId: products[2] as string, quantity: 4 }] },
      };
      const first = await createOrder(db.pool, input);
      const again = await createOrder(db.pool, input);
      expect(again.replayed).toBe(true);
      expect(again.order).toEqual(first.order);
      expect(again.newEvents).toEqual([]);
      const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM orders WHERE owner_sub = $1', [
        customer.sub,
      ]);
      expect(rows[0].n).toBe(1);
    });

    it('given a key used before with another request, when reused, then it is a conflict', async () => {
      const customer = newCustomer();
      const idempotencyKey = randomUUID();
      await createOrder(db.pool, {
        customer,
        idempotencyKey,
        request: { currency: 'USD', items: [{ productId: products[0] as string, quantity: 1 }] },
      });
      await expect(
        createOrder(db.pool, {
          customer,
          idempotencyKey,
          request: { currency: 'USD', items: [{ productId: products[0] as string, quantity: 2 }] },
        }),
      ).rejects.toBeInstanceOf(IdempotencyConflictError);
    });

    it('given the same key from two customers, when both order, then each gets an order of their own', async () => {
      const idempotencyKey = randomUUID();
      const request = { currency: 'USD', items: [{ productId: products[0] as string, quantity: 1 }] };
      const a = await createOrder(db.pool, { customer: newCustomer(), idempotencyKey, request });
      const b = await createOrder(db.pool, { customer: newCustomer(), idempotencyKey, request });
      expect(a.order.id).not.toBe(b.order.id);
    });

    it('given a product not sold in the currency, when ordered, then it is refused and nothing is written', async () => {
      const customer = newCustomer();
      const { rows } = await db.pool.query(
        `SELECT p.id FROM products p WHERE NOT EXISTS
           (SELECT 1 FROM product_prices pp WHERE pp.product_id = p.id AND pp.currency = 'JPY') LIMIT 1`,
      );
      await expect(
        createOrder(db.pool, {
          customer,
          idempotencyKey: randomUUID(),
          request: { currency: 'JPY', items: [{ productId: rows[0].id, quantity: 1 }] },
        }),
      ).rejects.toBeInstanceOf(UnpriceableItemError);
      const count = await db.pool.query('SELECT count(*)::int AS n FROM orders WHERE owner_sub = $1', [
        customer.sub,
      ]);
      expect(count.rows[0].n).toBe(0);
    });
  });

  describe('reading orders', () => {
    it("given another customer's order, when read, then it is indistinguishable from a missing one", async () => {
      const order = await placeOrder(db.pool, newCustomer('a'));
      const intruder: Caller = { sub: newCustomer('b').sub, role: 'CUSTOMER' };
      expect(await getOrder(db.pool, { caller: intruder, orderId: order.id })).toBeNull();
      expect(await getOrder(db.pool, { caller: intruder, orderId: randomUUID() })).toBeNull();
    });

    it('given an order, when its owner or an admin reads it, then items and events come with it', async () => {
      const customer = newCustomer();
      const order = await placeOrder(db.pool, customer);
      for (const caller of [{ sub: customer.sub, role: 'CUSTOMER' } as Caller, admin]) {
        const detail = await getOrder(db.pool, { caller, orderId: order.id });
        expect(detail?.items).toHaveLength(1);
        expect(detail?.events.map((event) => event.type)).toEqual(['ORDER_PLACED']);
      }
    });

    it('given 45 orders, when a customer pages by 20, then pages are newest first, disjoint, and complete', async () => {
      const customer = newCustomer();
      for (let index = 0; index < 45; index++) await placeOrder(db.pool, customer);
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = await listOrdersForOwner(db.pool, { ownerSub: customer.sub, limit: 20, cursor });
        seen.push(...page.items.map((order) => order.id));
        const times = page.items.map((order) => order.createdAt);
        expect([...times].sort().reverse()).toEqual(times);
        cursor = page.nextCursor;
        pages++;
      } while (cursor);
      expect(pages).toBe(3);
      expect(new Set(seen).size).toBe(45);
    });

    it('given a tampered cursor, when listing, then it is a validation error on "cursor"', async () => {
      await expect(
        listOrdersForOwner(db.pool, { ownerSub: 'x', limit: 5, cursor: 'bm90LWEtY3Vyc29y' }),
      ).rejects.toThrow(ValidationError);
    });

    it('given orders in several statuses, when an admin filters by status and email, then only matches return', async () => {
      const customer = newCustomer('filter');
      const pending = await placeOrder(db.pool, customer);
      const confirmed = await placeOrder(db.pool, customer);
      await changeStatus(db.pool, {
        caller: admin,
        orderId: confirmed.id,
        to: 'CONFIRMED',
        expectedVersion: 1,
      });
      const page = await listAllOrders(db.pool, {
        status: 'CONFIRMED',
        ownerEmail: customer.email.toUpperCase(),
        limit: 10,
      });
      expect(page.items.map((order) => order.id)).toEqual([confirmed.id]);
      const all = await listAllOrders(db.pool, { ownerEmail: customer.email, limit: 10 });
      expect(all.items.map((order) => order.id)).toEqual([confirmed.id, pending.id]);
    });
  });

  describe('changing status', () => {
    it('given a PENDING order, when an admin confirms with the current version, then version and history advance', async () => {
      const order = await placeOrder(db.pool, newCustomer());
      const { order: after, newEvents } = await changeStatus(db.pool, {
        caller: admin,
        orderId: order.id,
        to: 'CONFIRMED',
        expectedVersion: 1,
      });
      expect(after).toMatchObject({ status: 'CONFIRMED', version: 2 });
      expect(after.events.map((event) => [event.fromStatus, event.toStatus, event.orderVersion])).toEqual([
        [null, 'PENDING', 1],
        ['PENDING', 'CONFIRMED', 2],
      ]);
      expect(newEvents[0]).toMatchObject({ actorSub: admin.sub, actorRole: 'ADMIN', orderVersion: 2 });
    });

    it('given a stale version, when an admin transitions, then it is a version conflict and nothing changes', async () => {
      const order = await placeOrder(db.pool, newCustomer());
      await changeStatus(db.pool, { caller: admin, orderId: order.id, to: 'CONFIRMED', expectedVersion: 1 });
      await expect(
        changeStatus(db.pool, { caller: admin, orderId: order.id, to: 'SHIPPED', expectedVersion: 1 }),
      ).rejects.toMatchObject({ name: 'VersionConflictError', currentVersion: 2 });
      expect((await getOrder(db.pool, { caller: admin, orderId: order.id }))?.status).toBe('CONFIRMED');
    });

    it('given a PENDING order, when an admin ships it, then the lifecycle refuses', async () => {
      const order = await placeOrder(db.pool, newCustomer());
      await expect(
        changeStatus(db.pool, { caller: admin, orderId: order.id, to: 'SHIPPED', expectedVersion: 1 }),
      ).rejects.toBeInstanceOf(TransitionRefusedError);
    });

    it('given a PENDING order, when its owner cancels, then it is CANCELLED, and a second cancel is refused as final', async () => {
      const customer = newCustomer();
      const owner: Caller = { sub: customer.sub, role: 'CUSTOMER' };
      const order = await placeOrder(db.pool, customer);
      const { order: cancelled } = await cancelOrder(db.pool, { caller: owner, orderId: order.id });
      expect(cancelled.status).toBe('CANCELLED');
      await expect(cancelOrder(db.pool, { caller: owner, orderId: order.id })).rejects.toMatchObject({
        decision: { reason: 'FINAL_STATE' },
      });
    });

    it('given a CONFIRMED order, when its owner cancels, then it is refused but an admin may', async () => {
      const customer = newCustomer();
      const order = await placeOrder(db.pool, customer);
      await changeStatus(db.pool, { caller: admin, orderId: order.id, to: 'CONFIRMED', expectedVersion: 1 });
      await expect(
        cancelOrder(db.pool, { caller: { sub: customer.sub, role: 'CUSTOMER' }, orderId: order.id }),
      ).rejects.toMatchObject({ decision: { reason: 'FORBIDDEN' } });
      expect(
        (await cancelOrder(db.pool, { caller: admin, orderId: order.id, expectedVersion: 2 })).order.status,
      ).toBe('CANCELLED');
    });

    it("given another customer's order, when a customer cancels it, then it is not found", async () => {
      const order = await placeOrder(db.pool, newCustomer());
      await expect(
        cancelOrder(db.pool, { caller: { sub: newCustomer().sub, role: 'CUSTOMER' }, orderId: order.id }),
      ).rejects.toBeInstanceOf(OrderNotFoundError);
    });

    it('given a version conflict, then its message says which versions differ', () => {
      expect(new VersionConflictError(1, 3).message).toContain('version 1, it is now 3');
    });
  });

  describe('atomicity', () => {
    it('given a failure between the order insert and the event insert, when ordering, then neither is left', async () => {
      const customer = newCustomer('atomic');
      // A real fault inside the transaction: the database itself refuses this customer's event.
      await db.pool.query(`
        CREATE OR REPLACE FUNCTION fail_event_for_test() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'injected fault'; END $$`);
      await db.pool.query(
        `CREATE TRIGGER fail_event_for_test BEFORE INSERT ON order_events
           FOR EACH ROW WHEN (NEW.owner_sub = '${customer.sub}') EXECUTE FUNCTION fail_event_for_test()`,
      );
      try {
        await expect(placeOrder(db.pool, customer)).rejects.toThrow('injected fault');
      } finally {
        await db.pool.query('DROP TRIGGER fail_event_for_test ON order_events');
      }
      const { rows } = await db.pool.query(
        `SELECT (SELECT count(*) FROM orders WHERE owner_sub = $1)::int AS orders,
                (SELECT count(*) FROM order_items WHERE owner_sub = $1)::int AS items,
                (SELECT count(*) FROM order_events WHERE owner_sub = $1)::int AS events,
                (SELECT count(*) FROM idempotency_keys WHERE owner_sub = $1)::int AS keys`,
        [customer.sub],
      );
      expect(rows[0]).toEqual({ orders: 0, items: 0, events: 0, keys: 0 });
    });
  });

  describe('database constraints', () => {
    it('given a negative total written around the application, then the database refuses it', async () => {
      await expect(
        db.pool.query(
          "INSERT INTO orders (owner_sub, owner_email, currency, total_amount, item_count) VALUES ('x', 'x@example.com', 'USD', -1, 1)",
        ),
      ).rejects.toMatchObject({ code: '23514' });
    });

    it('given an item whose owner differs from its order, then the database refuses it', async () => {
      const order = await placeOrder(db.pool, newCustomer());
      await expect(
        db.pool.query(
          `INSERT INTO order_items (order_id, owner_sub, line_no, product_id, product_name, quantity, unit_amount, line_amount)
           VALUES ($1, 'someone-else', 9, $2, 'x', 1, 1, 1)`,
          [order.id, products[0]],
        ),
      ).rejects.toMatchObject({ code: '23503' });
    });

    it('given a line amount that is not quantity times price, then the database refuses it', async () => {
      const order = await placeOrder(db.pool, newCustomer());
      await expect(
        db.pool.query(
          `INSERT INTO order_items (order_id, owner_sub, line_no, product_id, product_name, quantity, unit_amount, line_amount)
           VALUES ($1, $2, 9, $3, 'x', 2, 100, 100)`,
          [order.id, order.ownerSub, products[0]],
        ),
      ).rejects.toMatchObject({ code: '23514' });
    });
  });
});
