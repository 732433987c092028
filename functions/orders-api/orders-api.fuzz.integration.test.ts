import '../../tests/support/function-env.ts';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lambdaContext } from '../../local-cloud/lambda/context.ts';
import { CALLER_KINDS, type CallerKind, eventAs } from '../../tests/support/api-events.ts';
import { databaseTargets, type TestDatabase } from '../../tests/support/databases.ts';
import { routedTo } from '../../tests/support/http-api-routes.ts';
import { seedProduct, seedReadyReport } from '../../tests/support/seed.ts';
import { closePool } from '../lib/database.ts';
import { handler as reportDownload } from '../report-download/handler.ts';
import { handler as ordersApi } from './handler.ts';

/**
 * Every route, driven by random and hostile requests: bodies, headers, path and query
 * parameters. Whatever arrives, the API answers below 500, and a refused request writes nothing.
 * Runs on the real server when TEST_DATABASE_URL is set (else the embedded one).
 */
const RUNS_PER_ROUTE = Number(process.env.FUZZ_RUNS ?? 10_000);

const eventBridge = mockClient(EventBridgeClient);
const handler = routedTo({ 'orders-api': ordersApi, 'report-download': reportDownload });
eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'eb' }] });

const SQL_AND_FRIENDS = [
  "' OR '1'='1",
  '1; DROP TABLE orders; --',
  "'; UPDATE orders SET status = 'DELIVERED'; --",
  '$1',
  '\u0000',
  '%00',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a log4shell probe, meant literally.
  '${jndi:ldap://x}',
  '\uD800',
  '🧨💥',
  'ＡＤＭＩＮＳ',
  'null',
  '__proto__',
  'constructor',
];

const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(...SQL_AND_FRIENDS),
  fc.uuid(),
  fc.string({ minLength: 300, maxLength: 2000 }),
);

const hostileNumber = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -1, 1, 1000, 1001, 2 ** 31, 2 ** 53 + 1, 1e308, -1e308, 1e-300),
  fc.bigInt().map((value) => value.toString()),
);

const hostileValue = fc.oneof(
  hostileString,
  hostileNumber,
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 3 }),
);

/** A field that is often right, so requests get past the first check and reach deeper ones. */
function mostlyRight<T>(right: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof({ arbitrary: right, weight: 3 }, { arbitrary: hostileValue, weight: 2 });
}

function bodies(structured: fc.Arbitrary<unknown>): fc.Arbitrary<string | undefined> {
  return fc.oneof(
    { arbitrary: structured.map((value) => JSON.stringify(value)), weight: 6 },
    { arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)), weight: 2 },
    { arbitrary: hostileString, weight: 2 },
    { arbitrary: fc.constant(undefined), weight: 1 },
    { arbitrary: fc.constant(`{"a":"${'x'.repeat(70 * 1024)}"}`), weight: 1 },
    { arbitrary: fc.constant(`${'['.repeat(5000)}${']'.repeat(5000)}`), weight: 1 },
  );
}

const headerName = fc.oneof(
  fc.constantFrom('idempotency-key', 'content-type', 'host', 'x-forwarded-proto', 'content-length'),
  fc.string(),
);
const headers = fc.dictionary(
  headerName,
  fc.oneof(hostileString, fc.constantFrom('application/json', 'text/plain', 'http')),
  {
    maxKeys: 4,
  },
);

/** Hostile headers, mostly with an Idempotency-Key of the right shape. */
const idempotencyHeaders = () =>
  fc.tuple(headers, mostlyRight(fc.string({ minLength: 8, maxLength: 40 }))).map(([random, key]) => ({
    ...(typeof key === 'string' ? { 'idempotency-key': key } : {}),
    ...random,
  }));

describe.each(databaseTargets().slice(-1))('orders API fuzzed on the $name database', (target) => {
  let db: TestDatabase;
  let productId: string;
  let orderId: string;
  let reportId: string;

  /** Everything a request could have changed, in one row. */
  async function fingerprint(): Promise<string> {
    const { rows } = await db.pool.query(`SELECT
      (SELECT count(*) FROM orders) AS orders, (SELECT coalesce(sum(version), 0) FROM orders) AS versions,
      (SELECT count(*) FROM order_items) AS items, (SELECT count(*) FROM order_events) AS events,
      (SELECT count(*) FROM idempotency_keys) AS keys,
      (SELECT count(*) FROM reports) AS reports, (SELECT string_agg(status, ',' ORDER BY id) FROM reports) AS report_states,
      (SELECT count(*) FROM products) AS products, (SELECT sum(version) FROM products) AS product_versions,
      (SELECT string_agg(currency || unit_amount, ',' ORDER BY product_id, currency) FROM product_prices) AS prices,
      (SELECT string_agg(on_hand || '/' || reserved, ',' ORDER BY product_id) FROM product_stock) AS stock,
      (SELECT count(*) FROM product_audit) AS audit`);
    return JSON.stringify(rows[0]);
  }

  beforeAll(async () => {
    db = await target.start();
    process.env.DATABASE_URL = db.url;
    productId = await seedProduct(db.pool, { prices: { USD: 999, EUR: 899 } });
    const { rows } = await db.pool.query(
      `INSERT INTO orders (owner_sub, owner_email, currency, total_amount, item_count) VALUES ($1, 'a@example.com', 'USD', 999, 1) RETURNING id`,
      ['11111111-aaaa-4aaa-8aaa-111111111111'],
    );
    orderId = rows[0].id;
    reportId = await seedReadyReport(db.pool, { periodStart: '2020-01-01', periodEnd: '2020-01-02' });
  });

  afterAll(async () => {
    await closePool();
    await db.stop();
  });

  const ids = () =>
    fc.oneof(
      fc.constant(orderId),
      fc.constant(productId),
      fc.constant(reportId),
      fc.uuid(),
      // Buffer round trip: lone surrogates become U+FFFD, which encodeURIComponent accepts.
      hostileString.map((value) => encodeURIComponent(Buffer.from(value).toString('utf8'))),
      hostileString.filter((value) => !/[/?#]/.test(value)),
      fc.constantFrom('%', '%zz', '%E0%A4%A', '..', '.'),
    );

  const routes: { name: string; request: () => fc.Arbitrary<Parameters<typeof eventAs>[1]> }[] = [
    {
      name: 'POST /orders',
      request: () =>
        fc.record({
          method: fc.constant('POST' as const),
          path: fc.constant('/orders'),
          rawBody: bodies(
            fc.record(
              {
                currency: mostlyRight(fc.constantFrom('USD', 'EUR', 'JPY', 'XXX', 'usd')),
                items: mostlyRight(
                  fc.array(
                    fc.record(
                      {
                        productId: mostlyRight(fc.oneof(fc.constant(productId), fc.uuid())),
                        quantity: mostlyRight(fc.integer({ min: 0, max: 1001 })),
                      },
                      { requiredKeys: [] },
                    ),
                    { maxLength: 55 },
                  ),
                ),
                extra: hostileValue,
              },
              { requiredKeys: [] },
            ),
          ),
          headers: idempotencyHeaders(),
        }),
    },
    ...(['cancel', 'transitions'] as const).map((action) => ({
      name: `POST /orders/{id}/${action}`,
      request: () =>
        fc.record({
          method: fc.constant('POST' as const),
          path: ids().map((id) => `/orders/${id}/${action}`),
          rawBody: bodies(
            fc.record(
              {
                to: mostlyRight(fc.constantFrom('PENDING', 'CONFIRMED', 'SHIPPED', 'DELIVERED', 'CANCELLED')),
                expectedVersion: mostlyRight(fc.integer({ min: 0, max: 5 })),
              },
              { requiredKeys: [] },
            ),
          ),
          headers,
        }),
    })),
    {
      name: 'POST /products',
      request: () =>
        fc.record({
          method: fc.constant('POST' as const),
          path: fc.constant('/products'),
          rawBody: bodies(
            fc.record(
              {
                sku: mostlyRight(fc.constantFrom('FUZZ-1', ' fuzz-2 ', '-BAD', 'A', 'X'.repeat(41))),
                name: mostlyRight(fc.constantFrom('Fuzzed', '', ' ', 'n'.repeat(201))),
                description: mostlyRight(fc.string({ maxLength: 30 })),
                prices: mostlyRight(
                  fc.dictionary(
                    fc.constantFrom('USD', 'EUR', 'XXX', 'usd', '__proto__'),
                    mostlyRight(fc.integer({ min: -1, max: 100_000_000_001 })),
                  ),
                ),
                active: mostlyRight(fc.boolean()),
                onHand: mostlyRight(fc.integer({ min: -1, max: 1_000_001 })),
              },
              { requiredKeys: [] },
            ),
          ),
          headers: idempotencyHeaders(),
        }),
    },
    {
      name: 'POST /products/{id}/changes',
      request: () =>
        fc.record({
          method: fc.constant('POST' as const),
          path: ids().map((id) => `/products/${id}/changes`),
          rawBody: bodies(
            fc.record(
              {
                expectedVersion: mostlyRight(fc.integer({ min: 0, max: 3 })),
                name: mostlyRight(fc.constantFrom('Renamed', '', 'n'.repeat(201))),
                prices: mostlyRight(fc.dictionary(fc.constantFrom('USD', 'XXX'), hostileNumber)),
                active: mostlyRight(fc.boolean()),
              },
              { requiredKeys: [] },
            ),
          ),
          headers,
        }),
    },
    {
      name: 'POST /products/{id}/stock',
      request: () =>
        fc.record({
          method: fc.constant('POST' as const),
          path: ids().map((id) => `/products/${id}/stock`),
          rawBody: bodies(
            fc.record(
              {
                kind: mostlyRight(fc.constantFrom('SET', 'ADJUST', 'set')),
                onHand: mostlyRight(fc.integer({ min: -1, max: 1_000_001 })),
                delta: mostlyRight(fc.integer({ min: -1_000_001, max: 1_000_001 })),
                reason: mostlyRight(fc.constantFrom('Stock count', '', 'r'.repeat(201))),
              },
              { requiredKeys: [] },
            ),
          ),
          headers: idempotencyHeaders(),
        }),
    },
    {
      name: 'POST /reports',
      request: () =>
        fc.record({
          method: fc.constant('POST' as const),
          path: fc.constant('/reports'),
          rawBody: bodies(
            fc.record(
              {
                periodStart: mostlyRight(
                  fc.constantFrom('2026-01-01', '2026-02-30', '2026-13-01', '1999-12-31'),
                ),
                periodEnd: mostlyRight(fc.constantFrom('2026-01-02', '2025-01-01', '2030-01-01')),
              },
              { requiredKeys: [] },
            ),
          ),
          headers,
        }),
    },
    {
      name: 'GET /orders',
      request: () =>
        fc.record({
          method: fc.constant('GET' as const),
          path: fc.constant('/orders'),
          query: fc.dictionary(
            fc.oneof(
              fc.constantFrom('limit', 'status', 'createdFrom', 'createdBefore', 'cursor'),
              fc.string(),
            ),
            fc.oneof(
              hostileString,
              hostileNumber.map(String),
              fc.constantFrom(
                'SHIPPED',
                '2026-02-30T00:00:00Z',
                '0000-01-01T00:00:00Z',
                '2026-01-01T00:00:00+25:00',
              ),
              // Cursors of the right shape with hostile parts.
              fc
                .record({
                  createdAt: hostileString,
                  id: fc.oneof(fc.uuid(), hostileString),
                  scope: hostileString,
                })
                .map((cursor) => Buffer.from(JSON.stringify(cursor)).toString('base64url')),
            ),
            { maxKeys: 4 },
          ),
          headers,
        }),
    },
    {
      name: 'GET /reports',
      request: () =>
        fc.record({
          method: fc.constant('GET' as const),
          path: fc.constant('/reports'),
          query: fc.dictionary(
            fc.oneof(fc.constant('limit'), fc.string()),
            fc.oneof(hostileString, hostileNumber.map(String)),
            {
              maxKeys: 3,
            },
          ),
          headers,
        }),
    },
    {
      name: 'GET /reports/{id}',
      request: () =>
        fc.record({
          method: fc.constant('GET' as const),
          path: ids().map((id) => `/reports/${id}`),
          headers,
        }),
    },
    {
      name: 'GET /reports/{id}/download',
      request: () =>
        fc.record({
          method: fc.constant('GET' as const),
          path: ids().map((id) => `/reports/${id}/download`),
          headers,
        }),
    },
  ];

  for (const route of routes) {
    it(`given ${RUNS_PER_ROUTE} hostile requests to ${route.name}, when handled, then none is a 5xx and no refusal writes`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom<CallerKind>(...CALLER_KINDS),
          route.request(),
          async (kind, request) => {
            const before = await fingerprint();
            const result = await handler(eventAs(kind, request), lambdaContext());
            const status = result.statusCode ?? 0;
            expect(status, result.body).toBeLessThan(500);
            if (status >= 400) {
              expect(result.headers?.['content-type']).toBe('application/problem+json');
              expect(await fingerprint()).toBe(before);
            }
          },
        ),
        { numRuns: RUNS_PER_ROUTE },
      );
    }, 600_000);
  }
});
