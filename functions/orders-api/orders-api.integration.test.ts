import '../testing/quiet-env.ts';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { databaseTargets, type TestDatabase } from '../../tests/support/databases.ts';
import { closePool } from '../lib/database.ts';
import {
  APP_CLIENT_ID,
  CALLER_KINDS,
  type CallerKind,
  eventAs,
  lambdaContext,
  parseResponse,
} from '../testing/api-events.ts';
import { countRows, seedProduct, seedReadyReport } from '../testing/seed.ts';
import { handler } from './handler.ts';

const eventBridge = mockClient(EventBridgeClient);

process.env.APP_CLIENT_ID = APP_CLIENT_ID;
process.env.ORDER_EVENT_BUS_NAME = 'orders-bus';
process.env.REPORT_REQUEST_SOURCE = 'secure-orders.reports';
process.env.REPORT_REQUEST_DETAIL_TYPE = 'ReportRequested';
process.env.REPORT_BUCKET_NAME = 'reports-bucket';

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

  beforeEach(() => {
    eventBridge.reset();
    eventBridge.on(PutEventsCommand).callsFake((input: { Entries: unknown[] }) => ({
      FailedEntryCount: 0,
      Entries: input.Entries.map((_, index) => ({ EventId: `eb-${index}` })),
    }));
  });

  describe('authorization matrix', () => {
    const matrix: Record<string, Record<CallerKind, number>> = {
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
      'GET /reports/{id}/download': {
        anonymous: 401,
        customerA: 403,
        customerB: 403,
        adminWithoutMfa: 403,
        admin: 200,
      },
    };
    let reportDay = 0;

    const send: Record<string, (kind: CallerKind) => Promise<{ statusCode: number }>> = {
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
      'GET /reports/{id}/download': async (kind) => {
        reportDay += 1;
        const day = String(reportDay).padStart(2, '0');
        const reportId = await seedReadyReport(db.pool, {
          periodStart: `2025-03-${day}`,
          periodEnd: `2025-04-${day}`,
        });
        return call(kind, { method: 'GET', path: `/reports/${reportId}/download` });
      },
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
