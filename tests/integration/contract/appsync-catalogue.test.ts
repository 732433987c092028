import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeStock } from '../../../db/catalogue-repository.ts';
import { databaseTargets, type TestDatabase } from '../../support/databases.ts';
import { seedProduct } from '../../support/seed.ts';
import { type AppSyncHarness, startAppSync } from './appsync-harness.ts';

// The catalogue's reads on the local AppSync (schema derived from amplify/data, the SQL files run
// as the readonly role would run them): ADMINS-only stock and audit trail, public availability.

const ADMIN_PRODUCTS = `query ($search: String!, $status: String!, $afterSku: String!, $pageSize: Int!) {
  adminProductsPage(search: $search, status: $status, afterSku: $afterSku, pageSize: $pageSize)
  { id sku name active version on_hand reserved available } }`;
const AUDIT_TRAIL = `query ($productId: ID!, $beforeSeq: Float!, $pageSize: Int!) {
  productAuditTrail(productId: $productId, beforeSeq: $beforeSeq, pageSize: $pageSize)
  { seq action actor_sub reason before after } }`;
const AVAILABILITY = `query ($afterSku: String!, $pageSize: Int!) {
  productAvailability(afterSku: $afterSku, pageSize: $pageSize) { product_id sku level available_when_low } }`;
const EVERY_PRODUCT = { search: '', status: '', afterSku: '', pageSize: 100 };

describe.each(databaseTargets())('catalogue reads on the local AppSync on the $name database', (target) => {
  let database: TestDatabase;
  let api: AppSyncHarness;
  let lowId: string;
  let retiredId: string;

  beforeAll(async () => {
    database = await target.start();
    api = await startAppSync(database);
    lowId = await seedProduct(database.pool, { prices: { USD: 100 }, name: 'Almost gone', onHand: 3 });
    retiredId = await seedProduct(database.pool, { prices: { USD: 100 }, active: false, onHand: 9 });
    await changeStock(database.pool, {
      actor: { sub: 'admin-sub', email: 'admin@example.com' },
      productId: lowId,
      idempotencyKey: randomUUID(),
      request: { kind: 'ADJUST', delta: 1, reason: 'Found one' },
    });
  });
  afterAll(async () => {
    await api?.close();
    await database?.stop();
  });

  describe('authorization', () => {
    for (const [name, query, variables] of [
      ['adminProductsPage', ADMIN_PRODUCTS, EVERY_PRODUCT],
      ['productAuditTrail', AUDIT_TRAIL, { productId: randomUUID(), beforeSeq: 0, pageSize: 10 }],
    ] as const) {
      it(`given a customer, when they ask for ${name}, then Unauthorized and no rows`, async () => {
        const { body } = await api.graphql(api.token.alice, query, variables);
        expect(body.data).toEqual({ [name]: null });
        expect(body.errors[0]).toMatchObject({
          errorType: 'Unauthorized',
          message: `Not Authorized to access ${name} on type Query`,
        });
      });
    }

    it('given a signed-in user, when they call publishCatalogueEvent, then Unauthorized (only the bus target may)', async () => {
      const { body } = await api.graphql(
        api.token.admin,
        `mutation { publishCatalogueEvent(eventId: "${randomUUID()}", productId: "${randomUUID()}",
          type: "AVAILABILITY_CHANGED", revision: 1, level: "OUT_OF_STOCK", occurredAt: "2026-01-01T00:00:00.000Z") { eventId } }`,
      );
      expect(body.errors[0]).toMatchObject({ errorType: 'Unauthorized' });
    });

    it('given a customer, when they ask the Product model for stock, then the schema has no such field', async () => {
      const { body } = await api.graphql(
        api.token.alice,
        'query ($id: ID!) { getProduct(id: $id) { on_hand } }',
        {
          id: lowId,
        },
      );
      expect(body.data ?? null).toBeNull();
      expect(body.errors[0].message).toContain('on_hand');
    });
  });

  describe('admins', () => {
    it('given a search and a status, when an admin pages the catalogue, then matching products come with their stock', async () => {
      const { body } = await api.graphql(api.token.admin, ADMIN_PRODUCTS, {
        ...EVERY_PRODUCT,
        search: 'almost',
        status: 'ACTIVE',
      });
      expect(body.errors).toBeUndefined();
      expect(body.data.adminProductsPage).toEqual([
        expect.objectContaining({ id: lowId, active: true, on_hand: 4, reserved: 0, available: 4 }),
      ]);
    });

    it('given the RETIRED filter, when an admin pages the catalogue, then only retired products', async () => {
      const { body } = await api.graphql(api.token.admin, ADMIN_PRODUCTS, {
        ...EVERY_PRODUCT,
        status: 'RETIRED',
      });
      expect(body.data.adminProductsPage.map((row: { id: string }) => row.id)).toEqual([retiredId]);
    });

    it("given a product's stock was adjusted, when an admin reads its audit trail, then the entry says who, why, before and after", async () => {
      const { body } = await api.graphql(api.token.admin, AUDIT_TRAIL, {
        productId: lowId,
        beforeSeq: 0,
        pageSize: 10,
      });
      expect(body.errors).toBeUndefined();
      const [entry] = body.data.productAuditTrail;
      expect(entry).toMatchObject({ action: 'STOCK_ADJUSTED', actor_sub: 'admin-sub', reason: 'Found one' });
      expect(JSON.parse(entry.before)).toEqual({ onHand: 3, reserved: 0, available: 3 });
      expect(JSON.parse(entry.after)).toEqual({ onHand: 4, reserved: 0, available: 4 });
    });
  });

  describe('customers: public availability', () => {
    it('given active products, when a customer reads availability, then each has a level and a count only when low; retired ones are absent', async () => {
      const { body } = await api.graphql(api.token.bob, AVAILABILITY, { afterSku: '', pageSize: 100 });
      expect(body.errors).toBeUndefined();
      const rows = body.data.productAvailability as {
        product_id: string;
        level: string;
        available_when_low: number | null;
      }[];
      expect(rows.find((row) => row.product_id === lowId)).toMatchObject({
        level: 'LOW_STOCK',
        available_when_low: 4,
      });
      expect(rows.some((row) => row.product_id === retiredId)).toBe(false);
      for (const row of rows.filter((row) => row.product_id !== lowId)) {
        expect(row).toMatchObject({ level: 'IN_STOCK', available_when_low: null });
      }
    });
  });
});
