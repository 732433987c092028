import '../../tests/support/function-env.ts';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { lambdaContext } from '../../local-cloud/lambda/context.ts';
import {
  CALLER_KINDS,
  type CallerKind,
  eventAs,
  parseResponse,
  SUBS,
} from '../../tests/support/api-events.ts';
import { databaseTargets, type TestDatabase } from '../../tests/support/databases.ts';
import { acceptEveryEvent } from '../../tests/support/event-bridge.ts';
import { routedTo } from '../../tests/support/http-api-routes.ts';
import { countRows, seedProduct, seedReadyReport } from '../../tests/support/seed.ts';
import { closePool } from '../lib/database.ts';
import { handler as reportDownload } from '../report-download/handler.ts';
import { handler as ordersApi } from './handler.ts';

const eventBridge = mockClient(EventBridgeClient);
// The download route is the report download function's (COMMAND_ROUTES), every other route the orders API's.
const handler = routedTo({ 'orders-api': ordersApi, 'report-download': reportDownload });

async function call(kind: CallerKind, request: Parameters<typeof eventAs>[1]) {
  return parseResponse(await handler(eventAs(kind, request), lambdaContext()));
}

let keyCounter = 0;
const freshKey = () => `test-key-${Date.now()}-${++keyCounter}`;

describe.each(databaseTargets())('orders API on the $name database', (target) => {
  let db: TestDatabase;
  let productId: string;

  const placeOrder = (kind: CallerKind, key = freshKey(), quantity = 2) =>
    call(kind, {
      method: 'POST',
      path: '/orders',
      headers: { 'idempotency-key': key },
      body: { currency: 'USD', items: [{ productId, quantity }] },
    });

  async function orderOf(kind: CallerKind): Promise<{ id: string; version: number }> {
    const response = await placeOrder(kind);
    expect(response.statusCode).toBe(201);
    return { id: String(response.body.id), version: Number(response.body.version) };
  }

  beforeAll(async () => {
    db = await target.start();
    process.env.DATABASE_URL = db.url;
    productId = await seedProduct(db.pool, { prices: { USD: 1250 } });
  });

  afterAll(async () => {
    await closePool();
    await db.stop();
  });

  beforeEach(() => acceptEveryEvent(eventBridge));

  describe('authorization matrix', () => {
    const matrix: Record<string, Record<CallerKind, number>> = {
      'GET /orders': { anonymous: 401, customerA: 200, customerB: 200, adminWithoutMfa: 200, admin: 200 },
      'POST /orders': { anonymous: 401, customerA: 201, customerB: 201, adminWithoutMfa: 201, admin: 201 },
      "POST /orders/{A's order}/cancel": {
        anonymous: 401,
        customerA: 200,
        customerB: 404,
        adminWithoutMfa: 404,
        admin: 200,
      },
      'POST /orders/{id}/transitions': {
        anonymous: 401,
        customerA: 403,
        customerB: 403,
        adminWithoutMfa: 403,
        admin: 200,
      },
      'POST /reports': { anonymous: 401, customerA: 403, customerB: 403, adminWithoutMfa: 403, admin: 202 },
      'GET /reports': { anonymous: 401, customerA: 403, customerB: 403, adminWithoutMfa: 403, admin: 200 },
      'GET /reports/{id}': {
        anonymous: 401,
        customerA: 403,
        customerB: 403,
        adminWithoutMfa: 403,
        admin: 200,
      },
      'GET /reports/{id}/download': {
        anonymous: 401,
        customerA: 403,
        customerB: 403,
        adminWithoutMfa: 403,
        admin: 200,
      },
      // The catalogue and its stock: ADMINS (with TOTP) only.
      'POST /products': { anonymous: 401, customerA: 403, customerB: 403, adminWithoutMfa: 403, admin: 201 },
      'POST /products/{id}/changes': {
        anonymous: 401,
        customerA: 403,
        customerB: 403,
        adminWithoutMfa: 403,
        admin: 200,
      },
      'POST /products/{id}/stock': {
        anonymous: 401,
        customerA: 403,
        customerB: 403,
        adminWithoutMfa: 403,
        admin: 200,
      },
    };
    let reportDay = 0;
    /** A READY report of its own period (one report per period), for each call. */
    const readyReport = () => {
      reportDay += 1;
      const day = String(reportDay).padStart(2, '0');
      return seedReadyReport(db.pool, { periodStart: `2025-03-${day}`, periodEnd: `2025-04-${day}` });
    };

    const send: Record<string, (kind: CallerKind) => Promise<{ statusCode: number }>> = {
      'GET /orders': (kind) => call(kind, { method: 'GET', path: '/orders' }),
      'POST /orders': (kind) => placeOrder(kind),
      "POST /orders/{A's order}/cancel": async (kind) => {
        const order = await orderOf('customerA');
        return call(kind, { method: 'POST', path: `/orders/${order.id}/cancel` });
      },
      'POST /orders/{id}/transitions': async (kind) => {
        const order = await orderOf('customerA');
        return call(kind, {
          method: 'POST',
          path: `/orders/${order.id}/transitions`,
          body: { to: 'CONFIRMED', expectedVersion: order.version },
        });
      },
      'POST /reports': (kind) =>
        call(kind, {
          method: 'POST',
          path: '/reports',
          body: { periodStart: '2026-01-01', periodEnd: '2026-01-02' },
        }),
      'GET /reports': (kind) => call(kind, { method: 'GET', path: '/reports' }),
      'GET /reports/{id}': async (kind) =>
        call(kind, { method: 'GET', path: `/reports/${await readyReport()}` }),
      'GET /reports/{id}/download': async (kind) =>
        call(kind, { method: 'GET', path: `/reports/${await readyReport()}/download` }),
      'POST /products': (kind) =>
        call(kind, {
          method: 'POST',
          path: '/products',
          headers: { 'idempotency-key': freshKey() },
          body: { sku: `M-${freshKey().slice(-12)}`, name: 'Matrix product', prices: { USD: 100 } },
        }),
      'POST /products/{id}/changes': async (kind) => {
        const { rows } = await db.pool.query('SELECT version FROM products WHERE id = $1', [productId]);
        return call(kind, {
          method: 'POST',
          path: `/products/${productId}/changes`,
          body: { expectedVersion: rows[0].version, description: `Edited by ${kind}` },
        });
      },
      'POST /products/{id}/stock': (kind) =>
        call(kind, {
          method: 'POST',
          path: `/products/${productId}/stock`,
          headers: { 'idempotency-key': freshKey() },
          body: { kind: 'ADJUST', delta: 1, reason: `Counted by ${kind}` },
        }),
    };

    for (const [route, expected] of Object.entries(matrix)) {
      for (const kind of CALLER_KINDS) {
        it(`given ${kind}, when calling ${route}, then the status is ${expected[kind]}`, async () => {
          const response = await send[route]?.(kind);
          expect(response?.statusCode).toBe(expected[kind]);
        });
      }
    }
  });

  describe('GET /orders (my order history)', () => {
    // Orders placed in 2001 (no other test writes there), so each test knows exactly what exists.
    const WINDOW = { createdFrom: '2001-01-01T00:00:00Z', createdBefore: '2002-01-01T00:00:00Z' };
    let aOrders: string[] = [];
    let bOrders: string[] = [];

    async function seedOrderAt(kind: 'customerA' | 'customerB', createdAt: string, status = 'PENDING') {
      const { rows } = await db.pool.query(
        `INSERT INTO orders (owner_sub, owner_email, status, currency, total_amount, item_count, created_at, updated_at)
         VALUES ($1, $2, $3, 'USD', 1250, 1, $4, $4) RETURNING id`,
        [SUBS[kind], `${kind}@example.com`, status, createdAt],
      );
      return String(rows[0].id);
    }

    const history = (kind: CallerKind, query: Record<string, string> = {}) =>
      call(kind, { method: 'GET', path: '/orders', query });

    /** Every page of `kind`'s history for `query`, following nextCursor. */
    async function allPages(kind: CallerKind, query: Record<string, string>) {
      const pages: { id: string; ownerSub: string; createdAt: string }[][] = [];
      let cursor: string | null = null;
      do {
        const response = await history(kind, { ...query, ...(cursor && { cursor }) });
        expect(response.statusCode).toBe(200);
        pages.push(response.body.items as { id: string; ownerSub: string; createdAt: string }[]);
        cursor = response.body.nextCursor as string | null;
      } while (cursor);
      return pages;
    }

    beforeAll(async () => {
      // Interleaved in time, with ties: three of A's and one of B's share one microsecond.
      const tie = '2001-06-01T12:00:00.123456Z';
      aOrders = [
        await seedOrderAt('customerA', '2001-02-01T00:00:00Z', 'DELIVERED'),
        await seedOrderAt('customerA', tie),
        await seedOrderAt('customerA', tie, 'CANCELLED'),
        await seedOrderAt('customerA', tie),
        await seedOrderAt('customerA', '2001-09-01T00:00:00Z', 'CANCELLED'),
        await seedOrderAt('customerA', '2001-12-31T23:59:59.999999Z'),
        await seedOrderAt('customerA', '2001-03-01T00:00:00Z'),
      ];
      bOrders = [
        await seedOrderAt('customerB', tie),
        await seedOrderAt('customerB', '2001-07-01T00:00:00Z', 'CANCELLED'),
        await seedOrderAt('customerB', '2002-01-01T00:00:00Z'),
      ];
    });

    it("given A's and B's orders in one window, when A pages through it by 2, then each of A's appears once, newest first, and none of B's", async () => {
      const pages = await allPages('customerA', { ...WINDOW, limit: '2' });
      const rows = pages.flat();
      expect(pages.map((page) => page.length)).toEqual([2, 2, 2, 1]);
      expect(rows.map((row) => row.id).sort()).toEqual([...aOrders].sort());
      expect(rows.every((row) => row.ownerSub === SUBS.customerA)).toBe(true);
      const keys = rows.map((row) => `${row.createdAt} ${row.id}`);
      expect(keys).toEqual([...keys].sort().reverse());
    });

    it('given a status filter, when A pages through it, then only that status comes back, through every page', async () => {
      const rows = (await allPages('customerA', { ...WINDOW, status: 'CANCELLED', limit: '1' })).flat();
      expect(rows).toHaveLength(2);
      expect(rows.every((row) => (row as unknown as { status: string }).status === 'CANCELLED')).toBe(true);
    });

    it('given no limit, when listing, then a page holds at most 20; a limit above 100 is refused', async () => {
      for (let index = 0; index < 21; index++) await seedOrderAt('customerB', `2003-01-01T00:00:${index}Z`);
      const window = { createdFrom: '2003-01-01T00:00:00Z', createdBefore: '2003-01-02T00:00:00Z' };
      const first = await history('customerB', window);
      expect(first.body.items).toHaveLength(20);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      expect((await history('customerB', { ...window, limit: '100' })).body.items).toHaveLength(21);
      expect((await history('customerB', { limit: '101' })).statusCode).toBe(400);
    });

    it("given B's cursor, when A sends it, then 400 problem+json on cursor, and none of B's rows", async () => {
      const fromB = await history('customerB', { ...WINDOW, limit: '1' });
      const response = await history('customerA', {
        ...WINDOW,
        limit: '1',
        cursor: String(fromB.body.nextCursor),
      });
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toBe('application/problem+json');
      expect(response.body.errors).toEqual([expect.objectContaining({ path: 'cursor' })]);
      expect(JSON.stringify(response.body)).not.toContain(SUBS.customerB);
      for (const id of bOrders) expect(JSON.stringify(response.body)).not.toContain(id);
    });

    it("given A's own cursor, when sent with other filters, then 400 on cursor (start again from the first page)", async () => {
      const first = await history('customerA', { ...WINDOW, limit: '1' });
      const response = await history('customerA', {
        ...WINDOW,
        status: 'PENDING',
        limit: '1',
        cursor: String(first.body.nextCursor),
      });
      expect(response.statusCode).toBe(400);
      expect(response.body.errors).toEqual([expect.objectContaining({ path: 'cursor' })]);
    });

    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const position = { createdAt: '2001-06-01T12:00:00.123456Z', id: '00000000-0000-4000-8000-000000000000' };
    it.each([
      ['not base64 JSON', 'not-a-cursor'],
      ['an empty object', encode({})],
      ['an extra field', encode({ ...position, ownerSub: SUBS.customerB })],
      ['a month 13', encode({ ...position, createdAt: '2001-13-01T00:00:00.000000Z' })],
      ['a 30 February', encode({ ...position, createdAt: '2001-02-30T00:00:00.000000Z' })],
      ['year 0', encode({ ...position, createdAt: '0000-01-01T00:00:00.000000Z' })],
      ['an id that is not a UUID', encode({ ...position, id: "' OR '1'='1" })],
      ['a scope of another shape', encode({ ...position, scope: 'x' })],
      ['2 KB of noise', 'A'.repeat(2048)],
    ])(
      'given a cursor with %s, when A lists, then 400 problem+json on cursor, never a 500',
      async (_, cursor) => {
        const response = await history('customerA', { cursor });
        expect(response.statusCode).toBe(400);
        expect(response.headers['content-type']).toBe('application/problem+json');
        expect(response.body.errors).toEqual([expect.objectContaining({ path: 'cursor' })]);
      },
    );

    it("given a cursor forged with a well-formed position and no scope, when A lists, then it is refused as another listing's", async () => {
      const response = await history('customerA', { cursor: encode(position) });
      expect(response.statusCode).toBe(400);
    });

    it.each([
      ['limit', { limit: '0' }],
      ['limit', { limit: 'ten' }],
      ['status', { status: 'LOST' }],
      ['createdFrom', { createdFrom: '2001-01-01' }],
      ['createdBefore', { createdFrom: '2001-02-01T00:00:00Z', createdBefore: '2001-01-01T00:00:00Z' }],
      ['', { ownerSub: SUBS.customerB }],
      ['', { owner: 'customerB' }],
    ])('given a bad %s parameter, when listing, then 400 names it', async (name, query) => {
      const response = await history('customerA', query);
      expect(response.statusCode).toBe(400);
      const paths = (response.body.errors as { path: string }[]).map((issue) => issue.path);
      expect(paths).toContain(name);
    });

    it('given a repeated parameter, when listing, then 400 names it', async () => {
      const response = await call('customerA', {
        method: 'GET',
        path: '/orders',
        // API Gateway joins a repeated name's values with commas in queryStringParameters.
        query: { status: 'PENDING,CANCELLED' },
        rawQuery: 'status=PENDING&status=CANCELLED',
      });
      expect(response.statusCode).toBe(400);
      expect(response.body.errors).toEqual([expect.objectContaining({ path: 'status' })]);
    });

    it("given an admin, when listing, then only the admin's own orders come back (the console reads everyone's elsewhere)", async () => {
      const response = await history('admin', WINDOW);
      expect(response.statusCode).toBe(200);
      expect(response.body.items).toEqual([]);
    });
  });

  describe('POST /orders', () => {
    it('given a new key, when a customer orders, then 201 returns the priced order with a Location', async () => {
      const response = await placeOrder('customerA', freshKey(), 3);
      expect(response.statusCode).toBe(201);
      expect(response.body).toMatchObject({
        status: 'PENDING',
        currency: 'USD',
        totalAmount: 3750,
        itemCount: 3,
        version: 1,
      });
      expect(response.headers.location).toBe(`/orders/${response.body.id}`);
    });

    it('given a key already used with the same body, when replayed, then the same 201 body comes back and nothing new is written', async () => {
      const key = freshKey();
      const first = await placeOrder('customerA', key);
      const ordersBefore = await countRows(db.pool, 'orders');
      const replay = await placeOrder('customerA', key);
      expect(replay.statusCode).toBe(201);
      expect(replay.body).toEqual(first.body);
      expect(await countRows(db.pool, 'orders')).toBe(ordersBefore);
    });

    it('given a key already used with another body, when sent again, then 409 problem+json', async () => {
      const key = freshKey();
      await placeOrder('customerA', key, 1);
      const response = await placeOrder('customerA', key, 5);
      expect(response.statusCode).toBe(409);
      expect(response.headers['content-type']).toBe('application/problem+json');
      expect(response.body.type).toBe('urn:secure-orders:problem:idempotency-key-reused');
    });

    it('given no Idempotency-Key header, when ordering, then 400 names the header', async () => {
      const response = await call('customerA', {
        method: 'POST',
        path: '/orders',
        body: { currency: 'USD', items: [{ productId, quantity: 1 }] },
      });
      expect(response.statusCode).toBe(400);
      expect(response.body.errors).toEqual([expect.objectContaining({ path: 'Idempotency-Key' })]);
    });

    it('given invalid fields, when ordering, then 400 lists each failing field path', async () => {
      const response = await call('customerA', {
        method: 'POST',
        path: '/orders',
        headers: { 'idempotency-key': freshKey() },
        body: { currency: 'usd', items: [{ productId: 'nope', quantity: 0 }] },
      });
      expect(response.statusCode).toBe(400);
      const paths = (response.body.errors as { path: string }[]).map((issue) => issue.path);
      expect(paths).toEqual(expect.arrayContaining(['currency', 'items.0.productId', 'items.0.quantity']));
    });

    it('given a product not sold in the currency, when ordering, then 422 names the line and nothing is written', async () => {
      const before = await countRows(db.pool, 'orders');
      const response = await call('customerA', {
        method: 'POST',
        path: '/orders',
        headers: { 'idempotency-key': freshKey() },
        body: { currency: 'EUR', items: [{ productId, quantity: 1 }] },
      });
      expect(response.statusCode).toBe(422);
      expect(response.body.errors).toEqual([expect.objectContaining({ path: 'items.0.productId' })]);
      expect(await countRows(db.pool, 'orders')).toBe(before);
    });

    it('given EventBridge accepts, when an order is placed, then its event is published with id and version and marked', async () => {
      const response = await placeOrder('customerA');
      const entries = eventBridge
        .commandCalls(PutEventsCommand)
        .flatMap((c) => c.args[0].input.Entries ?? []);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        EventBusName: 'orders-bus',
        Source: 'secure-orders.orders',
        DetailType: 'OrderEvent',
      });
      expect(JSON.parse(String(entries[0]?.Detail))).toMatchObject({
        orderId: response.body.id,
        type: 'ORDER_PLACED',
        toStatus: 'PENDING',
        orderVersion: 1,
        eventId: expect.any(String),
      });
      const { rows } = await db.pool.query('SELECT published_at FROM order_events WHERE order_id = $1', [
        response.body.id,
      ]);
      expect(rows[0].published_at).not.toBeNull();
    });

    it('given PutEvents fails, when an order is placed, then it is still 201 and the event waits in the outbox', async () => {
      eventBridge.on(PutEventsCommand).rejects(new Error('EventBridge is down'));
      const response = await placeOrder('customerA');
      expect(response.statusCode).toBe(201);
      const { rows } = await db.pool.query('SELECT published_at FROM order_events WHERE order_id = $1', [
        response.body.id,
      ]);
      expect(rows).toEqual([{ published_at: null }]);
    });
  });

  describe('a database error mid-transaction', () => {
    /** Makes the outbox insert (after the order and its items) fail with the given SQLSTATE. */
    async function failEventInserts(sqlstate: string): Promise<void> {
      await db.pool.query(`CREATE OR REPLACE FUNCTION fail_event_insert() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'injected failure' USING ERRCODE = '${sqlstate}'; END $$`);
      await db.pool.query(
        'CREATE TRIGGER fail_event_insert BEFORE INSERT ON order_events FOR EACH ROW EXECUTE FUNCTION fail_event_insert()',
      );
    }

    afterEach(async () => {
      await db.pool.query('DROP TRIGGER IF EXISTS fail_event_insert ON order_events');
    });

    it.each([
      ['an unexpected error', 'XX000', 500],
      ['a transient conflict', '40001', 503],
    ])(
      'given %s while writing the event, when ordering, then %#: status %i and no order, event or key is left',
      async (_kind, sqlstate, status) => {
        const before = await Promise.all(
          (['orders', 'order_events', 'idempotency_keys'] as const).map((table) => countRows(db.pool, table)),
        );
        await failEventInserts(sqlstate);
        const response = await placeOrder('customerA');
        expect(response.statusCode).toBe(status);
        const after = await Promise.all(
          (['orders', 'order_events', 'idempotency_keys'] as const).map((table) => countRows(db.pool, table)),
        );
        expect(after).toEqual(before);
      },
    );
  });

  describe('POST /orders/{id}/cancel', () => {
    it('given a CONFIRMED order, when its owner cancels, then 409 says why', async () => {
      const order = await orderOf('customerA');
      await call('admin', {
        method: 'POST',
        path: `/orders/${order.id}/transitions`,
        body: { to: 'CONFIRMED', expectedVersion: order.version },
      });
      const response = await call('customerA', { method: 'POST', path: `/orders/${order.id}/cancel` });
      expect(response.statusCode).toBe(409);
      expect(response.body).toMatchObject({ reason: 'FORBIDDEN', currentStatus: 'CONFIRMED' });
    });

    it('given a CONFIRMED order, when an admin cancels, then 200 with status CANCELLED and version 3', async () => {
      const order = await orderOf('customerA');
      await call('admin', {
        method: 'POST',
        path: `/orders/${order.id}/transitions`,
        body: { to: 'CONFIRMED', expectedVersion: order.version },
      });
      const response = await call('admin', { method: 'POST', path: `/orders/${order.id}/cancel` });
      expect(response.statusCode).toBe(200);
      expect(response.body).toMatchObject({ status: 'CANCELLED', version: 3 });
    });

    it('given an order that does not exist, when cancelled, then 404 like another customer would get', async () => {
      const response = await call('customerA', {
        method: 'POST',
        path: '/orders/5f0c8a43-0000-4000-8000-000000000000/cancel',
      });
      expect(response.statusCode).toBe(404);
      expect(response.body.type).toBe('urn:secure-orders:problem:not-found');
    });
  });

  describe('POST /orders/{id}/transitions', () => {
    it('given a stale expectedVersion, when an admin moves the order, then 409 with the current version', async () => {
      const order = await orderOf('customerA');
      await call('admin', {
        method: 'POST',
        path: `/orders/${order.id}/transitions`,
        body: { to: 'CONFIRMED', expectedVersion: 1 },
      });
      const response = await call('admin', {
        method: 'POST',
        path: `/orders/${order.id}/transitions`,
        body: { to: 'SHIPPED', expectedVersion: 1 },
      });
      expect(response.statusCode).toBe(409);
      expect(response.body).toMatchObject({
        type: 'urn:secure-orders:problem:version-conflict',
        currentVersion: 2,
      });
    });

    it('given a PENDING order, when an admin asks for DELIVERED, then 422 and the order is unchanged', async () => {
      const order = await orderOf('customerA');
      const response = await call('admin', {
        method: 'POST',
        path: `/orders/${order.id}/transitions`,
        body: { to: 'DELIVERED', expectedVersion: 1 },
      });
      expect(response.statusCode).toBe(422);
      expect(response.body).toMatchObject({ reason: 'NOT_ALLOWED_FROM_STATUS', currentStatus: 'PENDING' });
      const { rows } = await db.pool.query('SELECT status, version FROM orders WHERE id = $1', [order.id]);
      expect(rows[0]).toEqual({ status: 'PENDING', version: 1 });
    });
  });

  describe('reports', () => {
    it('given an admin, when a report is requested, then 202 with its id and a ReportRequested event goes to the bus', async () => {
      const response = await call('admin', {
        method: 'POST',
        path: '/reports',
        body: { periodStart: '2026-02-01', periodEnd: '2026-02-08' },
      });
      expect(response.statusCode).toBe(202);
      const entry = eventBridge.commandCalls(PutEventsCommand)[0]?.args[0].input.Entries?.[0];
      expect(entry).toMatchObject({
        EventBusName: 'orders-bus',
        Source: 'secure-orders.reports',
        DetailType: 'ReportRequested',
      });
      expect(JSON.parse(String(entry?.Detail))).toEqual({ reportId: response.body.id });
    });

    it('given the bus refuses, when a report is requested, then 503 with Retry-After', async () => {
      eventBridge.on(PutEventsCommand).rejects(new Error('throttled'));
      const response = await call('admin', {
        method: 'POST',
        path: '/reports',
        body: { periodStart: '2026-02-10', periodEnd: '2026-02-11' },
      });
      expect(response.statusCode).toBe(503);
      expect(response.headers['retry-after']).toBe('5');
    });

    it("given a READY report, when an admin reads it by id (the email's link), then its period, status and count, and no storage key", async () => {
      const reportId = await seedReadyReport(db.pool, { periodStart: '2023-09-01', periodEnd: '2023-10-01' });
      const response = await call('admin', { method: 'GET', path: `/reports/${reportId}` });
      expect(response.statusCode).toBe(200);
      expect(response.body).toMatchObject({
        id: reportId,
        status: 'READY',
        periodStart: '2023-09-01',
        periodEnd: '2023-10-01',
        rowCount: 0,
      });
      expect(JSON.stringify(response.body)).not.toContain('.csv');
    });

    it('given no report with that id, when an admin reads it, then 404', async () => {
      const response = await call('admin', {
        method: 'GET',
        path: '/reports/00000000-0000-4000-8000-000000000000',
      });
      expect(response.statusCode).toBe(404);
    });

    it('given an id that is not a UUID, when an admin reads it, then 400 naming the id', async () => {
      const response = await call('admin', { method: 'GET', path: '/reports/not-a-uuid' });
      expect(response.statusCode).toBe(400);
      expect(JSON.stringify(response.body)).toContain('Report id must be a UUID');
    });

    it('given a READY report, when an admin downloads it, then the presigned URL lives at most 5 minutes', async () => {
      const reportId = await seedReadyReport(db.pool, { periodStart: '2024-01-01', periodEnd: '2024-01-02' });
      const response = await call('admin', { method: 'GET', path: `/reports/${reportId}/download` });
      const url = new URL(String(response.body.url));
      expect(Number(url.searchParams.get('X-Amz-Expires'))).toBeLessThanOrEqual(300);
      expect(url.pathname).toContain('reports/2024-01-01.csv');
    });

    it('given several reports, when an admin lists them two at a time, then newest first, each once, until no cursor', async () => {
      for (const [periodStart, periodEnd] of [
        ['2025-05-01', '2025-05-02'],
        ['2025-05-02', '2025-05-03'],
        ['2025-05-03', '2025-05-04'],
      ] as const) {
        await seedReadyReport(db.pool, { periodStart, periodEnd });
      }
      const { rows } = await db.pool.query('SELECT id FROM reports ORDER BY created_at DESC, id DESC');
      const listed: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await call('admin', {
          method: 'GET',
          path: '/reports',
          query: { limit: '2', ...(cursor && { cursor }) },
        });
        expect(page.statusCode).toBe(200);
        listed.push(...(page.body.items as { id: string }[]).map((report) => report.id));
        cursor = page.body.nextCursor as string | null;
      } while (cursor);
      expect(listed).toEqual(rows.map((row) => row.id));
    });

    it('given a tampered cursor, when an admin lists reports, then 400 naming the cursor', async () => {
      const response = await call('admin', {
        method: 'GET',
        path: '/reports',
        query: { cursor: 'not-a-cursor' },
      });
      expect(response.statusCode).toBe(400);
      expect(JSON.stringify(response.body)).toContain('cursor');
    });

    it('given a PENDING report, when an admin downloads it, then 409 not ready', async () => {
      const created = await call('admin', {
        method: 'POST',
        path: '/reports',
        body: { periodStart: '2026-03-01', periodEnd: '2026-03-02' },
      });
      const response = await call('admin', { method: 'GET', path: `/reports/${created.body.id}/download` });
      expect(response.statusCode).toBe(409);
      expect(response.body.type).toBe('urn:secure-orders:problem:report-not-ready');
    });
  });
});
