import '../../tests/support/function-env.ts';
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOrder } from '../../db/orders-repository.ts';
import { lambdaContext } from '../../local-cloud/lambda/context.ts';
import { databaseTargets, type TestDatabase } from '../../tests/support/databases.ts';
import { seedProduct } from '../../tests/support/seed.ts';
import { closePool } from '../lib/database.ts';
import { handler } from './handler.ts';

const eventBridge = mockClient(EventBridgeClient);

/** Every entry EventBridge accepted, in order: what subscribers would receive. */
let delivered: { eventId: string; orderVersion?: number; productId?: string; level?: string }[] = [];
let sources: string[] = [];

function acceptAll(): void {
  eventBridge.on(PutEventsCommand).callsFake(async (input: { Entries: PutEventsRequestEntry[] }) => {
    // Yield, so concurrent relays really overlap while their batches are locked.
    await new Promise((resolve) => setTimeout(resolve, 5));
    delivered.push(...input.Entries.map((entry) => JSON.parse(String(entry.Detail))));
    sources.push(...input.Entries.map((entry) => `${entry.Source}/${entry.DetailType}`));
    return { FailedEntryCount: 0, Entries: input.Entries.map((_, index) => ({ EventId: `eb-${index}` })) };
  });
}

describe.each(databaseTargets())('outbox relay on the $name database', (target) => {
  let db: TestDatabase;
  let productId: string;
  let keys = 0;

  /** Places orders straight through the data layer: their events wait, unpublished, in the outbox. */
  async function placeUnpublishedOrders(count: number): Promise<string[]> {
    const eventIds: string[] = [];
    for (let index = 0; index < count; index += 1) {
      const result = await createOrder(db.pool, {
        customer: { sub: 'relay-customer', email: 'relay@example.com' },
        idempotencyKey: `relay-key-${++keys}`,
        request: { currency: 'USD', items: [{ productId, quantity: 1 }] },
      });
      eventIds.push(...result.newEvents.map((event) => event.id));
    }
    return eventIds;
  }

  async function unpublishedCount(): Promise<number> {
    const { rows } = await db.pool.query(
      'SELECT count(*)::int AS n FROM order_events WHERE published_at IS NULL',
    );
    return rows[0].n;
  }

  beforeAll(async () => {
    db = await target.start();
    process.env.DATABASE_URL = db.url;
    productId = await seedProduct(db.pool, { prices: { USD: 500 } });
  });

  afterAll(async () => {
    await closePool();
    await db.stop();
  });

  beforeEach(async () => {
    delivered = [];
    sources = [];
    eventBridge.reset();
    for (const outbox of ['order_events', 'catalogue_events']) {
      await db.pool.query(
        `UPDATE ${outbox} SET published_at = greatest(now(), occurred_at) WHERE published_at IS NULL`,
      );
    }
  });

  it('given unpublished events, when the relay runs, then each is delivered once, oldest first, and marked', async () => {
    acceptAll();
    const eventIds = await placeUnpublishedOrders(3);
    const result = await handler({}, lambdaContext());
    expect(result).toEqual({ published: 3, lagSeconds: 0 });
    expect(delivered.map((message) => message.eventId)).toEqual(eventIds);
    expect(await unpublishedCount()).toBe(0);
  });

  it('given PutEvents fails, when the relay runs, then the events stay in the outbox and the lag is reported', async () => {
    eventBridge.on(PutEventsCommand).rejects(new Error('EventBridge is down'));
    await placeUnpublishedOrders(2);
    const result = await handler({}, lambdaContext());
    expect(result.published).toBe(0);
    expect(result.lagSeconds).toBeGreaterThanOrEqual(0);
    expect(await unpublishedCount()).toBe(2);
  });

  it('given PutEvents failed before, when a later run succeeds, then every event is delivered and none twice', async () => {
    eventBridge.on(PutEventsCommand).rejects(new Error('EventBridge is down'));
    const eventIds = await placeUnpublishedOrders(4);
    await handler({}, lambdaContext());
    eventBridge.reset();
    acceptAll();
    await handler({}, lambdaContext());
    await handler({}, lambdaContext());
    expect(delivered.map((message) => message.eventId).sort()).toEqual([...eventIds].sort());
    const { rows } = await db.pool.query(
      'SELECT count(*)::int AS n FROM order_events WHERE id = ANY($1::uuid[])',
      [eventIds],
    );
    expect(rows[0].n).toBe(4);
    expect(await unpublishedCount()).toBe(0);
  });

  it('given EventBridge refuses one entry of a batch, when the relay runs, then only that event stays unpublished', async () => {
    eventBridge.on(PutEventsCommand).callsFake((input: { Entries: PutEventsRequestEntry[] }) => ({
      FailedEntryCount: 1,
      Entries: input.Entries.map((_, index) =>
        index === 0
          ? { ErrorCode: 'InternalFailure', ErrorMessage: 'try again' }
          : { EventId: `eb-${index}` },
      ),
    }));
    const [refused] = await placeUnpublishedOrders(3);
    const result = await handler({}, lambdaContext());
    expect(result.published).toBe(2);
    const { rows } = await db.pool.query('SELECT id FROM order_events WHERE published_at IS NULL');
    expect(rows.map((row) => row.id)).toEqual([refused]);
  });

  it('given two relays running at once, when they drain a large outbox, then every event is delivered exactly once', async () => {
    acceptAll();
    const eventIds = await placeUnpublishedOrders(250);
    const results = await Promise.all([handler({}, lambdaContext()), handler({}, lambdaContext())]);
    expect(results.reduce((total, result) => total + result.published, 0)).toBe(250);
    const ids = delivered.map((message) => message.eventId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual([...eventIds].sort());
  });

  it('given a product whose availability changed, when the relay runs, then its catalogue event is delivered as one', async () => {
    acceptAll();
    const scarce = await seedProduct(db.pool, { prices: { USD: 500 }, onHand: 10 });
    await db.pool.query('UPDATE product_stock SET on_hand = 4 WHERE product_id = $1', [scarce]);
    const result = await handler({}, lambdaContext());
    expect(result.published).toBe(2);
    expect(sources).toEqual([
      'secure-orders.catalogue/CatalogueEvent',
      'secure-orders.catalogue/CatalogueEvent',
    ]);
    expect(delivered.map(({ productId, level }) => ({ productId, level }))).toEqual([
      { productId: scarce, level: 'IN_STOCK' },
      { productId: scarce, level: 'LOW_STOCK' },
    ]);
  });
});
