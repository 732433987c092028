import '../../tests/support/function-env.ts';
import { randomUUID } from 'node:crypto';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PROBLEM_TYPE } from '../../core/problem-types.ts';
import { lambdaContext } from '../../local-cloud/lambda/context.ts';
import { type CallerKind, eventAs, parseResponse, SUBS } from '../../tests/support/api-events.ts';
import { databaseTargets, type TestDatabase } from '../../tests/support/databases.ts';
import { acceptEveryEvent } from '../../tests/support/event-bridge.ts';
import { closePool } from '../lib/database.ts';
import { handler } from './handler.ts';

const eventBridge = mockClient(EventBridgeClient);

async function call(kind: CallerKind, request: Parameters<typeof eventAs>[1]) {
  return parseResponse(await handler(eventAs(kind, request), lambdaContext()));
}

const createProduct = (
  body: Record<string, unknown>,
  key: string = randomUUID(),
  kind: CallerKind = 'admin',
) => call(kind, { method: 'POST', path: '/products', headers: { 'idempotency-key': key }, body });

const changeProduct = (productId: string, body: Record<string, unknown>) =>
  call('admin', { method: 'POST', path: `/products/${productId}/changes`, body });

const changeStock = (productId: string, body: Record<string, unknown>, key: string = randomUUID()) =>
  call('admin', {
    method: 'POST',
    path: `/products/${productId}/stock`,
    headers: { 'idempotency-key': key },
    body,
  });

const order = (kind: CallerKind, productId: string, quantity = 1, currency = 'USD') =>
  call(kind, {
    method: 'POST',
    path: '/orders',
    headers: { 'idempotency-key': randomUUID() },
    body: { currency, items: [{ productId, quantity }] },
  });

const transition = (orderId: string, to: string, expectedVersion: number) =>
  call('admin', { method: 'POST', path: `/orders/${orderId}/transitions`, body: { to, expectedVersion } });

let skuCounter = 0;
const freshSku = () => `T-${Date.now().toString(36).toUpperCase()}-${++skuCounter}`;

/** Counts the statuses of many responses: { 201: 50, 409: 150 }. */
function statusCounts(responses: { statusCode: number }[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const { statusCode } of responses) counts[statusCode] = (counts[statusCode] ?? 0) + 1;
  return counts;
}

describe.each(databaseTargets())('catalogue and stock API on the $name database', (target) => {
  let db: TestDatabase;

  async function newProduct(onHand: number, prices: Record<string, number> = { USD: 1000 }) {
    const response = await createProduct({ sku: freshSku(), name: 'Test product', prices, onHand });
    expect(response.statusCode).toBe(201);
    return response.body as { id: string; version: number; sku: string };
  }

  async function stockOf(productId: string) {
    const { rows } = await db.pool.query(
      `SELECT s.on_hand, s.reserved,
              (SELECT coalesce(sum(quantity), 0)::int FROM order_items WHERE product_id = $1 AND stock_state = 'HELD') AS held
         FROM product_stock s WHERE s.product_id = $1`,
      [productId],
    );
    return rows[0] as { on_hand: number; reserved: number; held: number };
  }

  beforeAll(async () => {
    db = await target.start();
    process.env.DATABASE_URL = db.url;
    // Several connections, as several Lambda instances would hold.
    process.env.DB_POOL_MAX = '8';
  });

  afterAll(async () => {
    await closePool();
    delete process.env.DB_POOL_MAX;
    await db.stop();
  });

  beforeEach(() => acceptEveryEvent(eventBridge));

  describe('creating products', () => {
    it('given a new SKU in lower case with spaces, when an admin creates it, then it is stored normalized with prices and stock', async () => {
      const sku = freshSku();
      const response = await createProduct({
        sku: `  ${sku.toLowerCase()} `,
        name: 'Cable',
        prices: { USD: 1500, JPY: 1980 },
        onHand: 7,
      });
      expect(response.statusCode).toBe(201);
      expect(response.headers.location).toBe(`/products/${response.body.id}`);
      expect(response.body).toMatchObject({
        sku,
        name: 'Cable',
        description: '',
        active: true,
        version: 1,
        prices: { USD: 1500, JPY: 1980 },
        stock: { onHand: 7, reserved: 0, available: 7 },
      });
    });

    it('given a create retried with the same key, when it arrives again, then the first answer returns and one product exists', async () => {
      const key = randomUUID();
      const body = { sku: freshSku(), name: 'Once', prices: { USD: 100 } };
      const first = await createProduct(body, key);
      const again = await createProduct(body, key);
      expect(again.statusCode).toBe(201);
      expect(again.body).toEqual(first.body);
      const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM products WHERE sku = $1', [
        body.sku,
      ]);
      expect(rows[0].n).toBe(1);
    });

    it('given a SKU another product has, when created, then 409 sku-taken and nothing is written', async () => {
      const existing = await newProduct(1);
      const response = await createProduct({ sku: existing.sku, name: 'Twin', prices: { USD: 1 } });
      expect(response.statusCode).toBe(409);
      expect(response.body).toMatchObject({ type: PROBLEM_TYPE.skuTaken, sku: existing.sku });
    });
  });

  describe('editing products', () => {
    it('given two admins editing the same version, when both save, then one wins and the other gets 409 version-conflict', async () => {
      const product = await newProduct(1);
      const [a, b] = await Promise.all([
        changeProduct(product.id, { expectedVersion: 1, name: 'From admin A' }),
        changeProduct(product.id, { expectedVersion: 1, name: 'From admin B' }),
      ]);
      expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
      const loser = a.statusCode === 409 ? a : b;
      expect(loser.body).toMatchObject({ type: PROBLEM_TYPE.versionConflict, currentVersion: 2 });
    });

    it('given a retired product, when a customer orders it, then 422 and it stays in the orders that hold it', async () => {
      const product = await newProduct(5);
      const placed = await order('customerA', product.id);
      expect(placed.statusCode).toBe(201);
      const retired = await changeProduct(product.id, { expectedVersion: 1, active: false });
      expect(retired.body).toMatchObject({ active: false, version: 2 });
      const refused = await order('customerB', product.id);
      expect(refused.statusCode).toBe(422);
      expect(refused.body.errors).toEqual([
        { path: 'items.0.productId', message: 'Product is no longer sold' },
      ]);
      const { rows } = await db.pool.query(
        'SELECT count(*)::int AS n FROM order_items WHERE product_id = $1',
        [product.id],
      );
      expect(rows[0].n).toBe(1);
    });

    it('given an order placed at one price, when the price changes, then the order keeps the price it was placed at', async () => {
      const product = await newProduct(5, { USD: 1000 });
      const placed = await order('customerA', product.id, 2);
      await changeProduct(product.id, { expectedVersion: 1, prices: { USD: 9999 } });
      const { rows } = await db.pool.query(
        'SELECT i.unit_amount::int, i.line_amount::int, o.total_amount::int FROM order_items i JOIN orders o ON o.id = i.order_id WHERE o.id = $1',
        [placed.body.id],
      );
      expect(rows[0]).toEqual({ unit_amount: 1000, line_amount: 2000, total_amount: 2000 });
      expect((await order('customerA', product.id, 1)).body.totalAmount).toBe(9999);
    });

    it('given edits and stock changes, when they are made, then the audit trail records who did what, before and after', async () => {
      const product = await newProduct(3);
      await changeProduct(product.id, { expectedVersion: 1, name: 'Renamed' });
      await changeStock(product.id, { kind: 'ADJUST', delta: 4, reason: 'Delivery from supplier' });
      await changeProduct(product.id, { expectedVersion: 2, active: false });
      const { rows } = await db.pool.query(
        'SELECT actor_sub, action, reason, before, after FROM product_audit WHERE product_id = $1 ORDER BY seq',
        [product.id],
      );
      expect(rows.map((row) => row.action)).toEqual(['CREATED', 'UPDATED', 'STOCK_ADJUSTED', 'RETIRED']);
      expect(rows.every((row) => row.actor_sub === SUBS.admin)).toBe(true);
      expect(rows[1]).toMatchObject({
        before: { name: 'Test product' },
        after: { name: 'Renamed', version: 2 },
      });
      expect(rows[2]).toMatchObject({
        reason: 'Delivery from supplier',
        before: { onHand: 3 },
        after: { onHand: 7 },
      });
    });
  });

  describe('stock', () => {
    it('given open orders hold 3 units, when an admin sets stock to 2, then 409 stock-below-reserved and stock is unchanged', async () => {
      const product = await newProduct(5);
      expect((await order('customerA', product.id, 3)).statusCode).toBe(201);
      const response = await changeStock(product.id, { kind: 'SET', onHand: 2, reason: 'Stock count' });
      expect(response.statusCode).toBe(409);
      expect(response.body).toMatchObject({ type: PROBLEM_TYPE.stockBelowReserved, onHand: 2, reserved: 3 });
      expect(await stockOf(product.id)).toEqual({ on_hand: 5, reserved: 3, held: 3 });
    });

    it('given an adjustment retried with the same key, when it arrives again, then it counts once', async () => {
      const product = await newProduct(5);
      const key = randomUUID();
      const body = { kind: 'ADJUST', delta: 10, reason: 'Delivery' };
      const first = await changeStock(product.id, body, key);
      const again = await changeStock(product.id, body, key);
      expect(again.body).toEqual(first.body);
      expect((await stockOf(product.id)).on_hand).toBe(15);
    });

    it('given an order for two lines of which one is short, when placed, then 409 names that line and nothing is reserved', async () => {
      const plenty = await newProduct(10);
      const scarce = await newProduct(2);
      const response = await call('customerA', {
        method: 'POST',
        path: '/orders',
        headers: { 'idempotency-key': randomUUID() },
        body: {
          currency: 'USD',
          items: [
            { productId: plenty.id, quantity: 4 },
            { productId: scarce.id, quantity: 3 },
          ],
        },
      });
      expect(response.statusCode).toBe(409);
      expect(response.body).toMatchObject({
        type: PROBLEM_TYPE.insufficientStock,
        shortLines: [{ path: 'items.1.productId', productId: scarce.id, requested: 3, available: 2 }],
      });
      expect(await stockOf(plenty.id)).toEqual({ on_hand: 10, reserved: 0, held: 0 });
      expect(await stockOf(scarce.id)).toEqual({ on_hand: 2, reserved: 0, held: 0 });
    });

    it('given an order, when it is cancelled, then its units are free again', async () => {
      const product = await newProduct(1);
      const placed = await order('customerA', product.id);
      expect((await order('customerB', product.id)).statusCode).toBe(409);
      const cancelled = await call('customerA', { method: 'POST', path: `/orders/${placed.body.id}/cancel` });
      expect(cancelled.statusCode).toBe(200);
      expect(await stockOf(product.id)).toEqual({ on_hand: 1, reserved: 0, held: 0 });
      expect((await order('customerB', product.id)).statusCode).toBe(201);
    });
  });

  describe('under concurrency', () => {
    it('given 50 units, when 200 customers order one each at once, then exactly 50 sell, every refusal is a 409, and delivering them leaves 0 on hand', async () => {
      const product = await newProduct(50);
      const responses = await Promise.all(
        Array.from({ length: 200 }, (_, index) => order(index % 2 ? 'customerA' : 'customerB', product.id)),
      );
      expect(statusCounts(responses)).toEqual({ 201: 50, 409: 150 });
      for (const refused of responses.filter((response) => response.statusCode === 409)) {
        expect(refused.body.type).toBe(PROBLEM_TYPE.insufficientStock);
      }
      expect(await stockOf(product.id)).toEqual({ on_hand: 50, reserved: 50, held: 50 });

      const sold = responses.filter((response) => response.statusCode === 201);
      await Promise.all(
        sold.map(async (response) => {
          const id = String(response.body.id);
          expect((await transition(id, 'CONFIRMED', 1)).statusCode).toBe(200);
          expect((await transition(id, 'SHIPPED', 2)).statusCode).toBe(200);
          expect((await transition(id, 'DELIVERED', 3)).statusCode).toBe(200);
        }),
      );
      expect(await stockOf(product.id)).toEqual({ on_hand: 0, reserved: 0, held: 0 });
    });

    it('given a sold-out product, when its 20 orders are cancelled while 60 new orders race for the units, then the counts stay exact', async () => {
      const product = await newProduct(20);
      const first = await Promise.all(Array.from({ length: 20 }, () => order('customerA', product.id)));
      expect(statusCounts(first)).toEqual({ 201: 20 });
      const [cancels, reorders] = await Promise.all([
        Promise.all(
          first.map((placed) =>
            call('customerA', { method: 'POST', path: `/orders/${placed.body.id}/cancel` }),
          ),
        ),
        Promise.all(Array.from({ length: 60 }, () => order('customerB', product.id))),
      ]);
      expect(statusCounts(cancels)).toEqual({ 200: 20 });
      const counts = statusCounts(reorders);
      expect(Object.keys(counts).every((status) => status === '201' || status === '409')).toBe(true);
      const stock = await stockOf(product.id);
      expect(stock.on_hand).toBe(20);
      expect(stock.reserved).toBe(counts[201] ?? 0);
      expect(stock.held).toBe(stock.reserved);
      expect(stock.reserved).toBeLessThanOrEqual(20);
    });

    it('given 50 units, when 200 orders race 20 admins each adding a unit, then every adjustment counts and nothing oversells', async () => {
      const product = await newProduct(50);
      const [orders, adjustments] = await Promise.all([
        Promise.all(Array.from({ length: 200 }, () => order('customerA', product.id))),
        Promise.all(
          Array.from({ length: 20 }, () =>
            changeStock(product.id, { kind: 'ADJUST', delta: 1, reason: 'Found one more' }),
          ),
        ),
      ]);
      expect(statusCounts(adjustments)).toEqual({ 200: 20 });
      const counts = statusCounts(orders);
      expect((counts[201] ?? 0) + (counts[409] ?? 0)).toBe(200);
      const stock = await stockOf(product.id);
      expect(stock.on_hand).toBe(70);
      expect(stock.reserved).toBe(counts[201]);
      expect(stock.reserved).toBeLessThanOrEqual(70);
      const { rows } = await db.pool.query(
        `SELECT count(*)::int AS n FROM product_audit WHERE product_id = $1 AND action = 'STOCK_ADJUSTED'`,
        [product.id],
      );
      expect(rows[0].n).toBe(20);
    });
  });
});
