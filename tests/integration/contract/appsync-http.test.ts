import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_ORDERS_UNFILTERED } from '../../../core/admin-orders-page.ts';
import { assumedRoleCaller } from '../../../local-cloud/appsync/identity.ts';
import { databaseTargets, type TestDatabase } from '../../support/databases.ts';
import { type AppSyncHarness, startAppSync } from './appsync-harness.ts';

// GraphQL over HTTP against the local AppSync: the schema derived from amplify/data, Amplify's
// generated auth for SQL models (owner rule on owner_sub, ADMINS group, signed-in catalogue),
// the ADMINS-only SQL queries and the backend-only publish mutation, with AppSync's error shapes.

const GET_ORDER = 'query ($id: ID!) { getOrder(id: $id) { id owner_sub status total_amount created_at } }';
const LIST_ORDERS = `query ($filter: ModelOrderFilterInput, $limit: Int, $nextToken: String) {
  listOrders(filter: $filter, limit: $limit, nextToken: $nextToken) { items { id owner_sub } nextToken } }`;
const STATS = `query ($startDate: AWSDate!, $endDate: AWSDate!) {
  orderStatsByStatus(startDate: $startDate, endDate: $endDate) { status currency orderCount revenue } }`;
const ADMIN_PAGE = `query ($status: String!, $ownerEmail: String!, $reference: String!, $createdFrom: AWSDateTime!,
  $createdBefore: AWSDateTime!, $afterCursor: String!, $afterId: ID!, $pageSize: Int!) {
  adminOrdersPage(status: $status, ownerEmail: $ownerEmail, reference: $reference, createdFrom: $createdFrom,
    createdBefore: $createdBefore, afterCursor: $afterCursor, afterId: $afterId, pageSize: $pageSize)
  { id owner_email status created_at cursor } }`;
const ANY_ORDER = { ...ADMIN_ORDERS_UNFILTERED, pageSize: 10 };
const PUBLISH = `mutation ($eventId: ID!, $orderId: ID!, $ownerSub: String!) {
  publishOrderEvent(eventId: $eventId, orderId: $orderId, ownerSub: $ownerSub, type: "ORDER_PLACED",
    toStatus: "PENDING", orderVersion: 1, occurredAt: "2026-01-01T00:00:00.000Z") { eventId ownerSub } }`;

const today = new Date().toISOString().slice(0, 10);

describe.each(databaseTargets())('local AppSync over HTTP on the $name database', (target) => {
  let database: TestDatabase;
  let api: AppSyncHarness;
  beforeAll(async () => {
    database = await target.start();
    api = await startAppSync(database);
  });
  afterAll(async () => {
    await api?.close();
    await database?.stop();
  });

  const ownerSubs = (body: { data: { listOrders: { items: Array<{ owner_sub: string }> } } }) =>
    new Set(body.data.listOrders.items.map((item) => item.owner_sub));

  describe('authentication', () => {
    it('given no Authorization header, when a query is posted, then 401 UnauthorizedException', async () => {
      const { status, body } = await api.graphql(undefined, LIST_ORDERS);
      expect(status).toBe(401);
      expect(body).toEqual({
        errors: [{ errorType: 'UnauthorizedException', message: 'Missing authorization header' }],
      });
    });

    it('given a token signed by another key, when a query is posted, then 401 UnauthorizedException', async () => {
      const { status, body } = await api.graphql('eyJhbGciOiJSUzI1NiJ9.e30.c2ln', LIST_ORDERS);
      expect(status).toBe(401);
      expect(body.errors[0]).toEqual({
        errorType: 'UnauthorizedException',
        message: 'Valid authorization header not provided.',
      });
    });

    it('given an expired token, when a query is posted, then 401 says the token has expired', async () => {
      const expired = await api.tokens.mint({ sub: api.alice.sub }, { expiresIn: '-1m' });
      const { status, body } = await api.graphql(expired, LIST_ORDERS);
      expect(status).toBe(401);
      expect(body.errors[0].message).toBe('Token has expired.');
    });
  });

  describe('getOrder (owner rule, ADMINS read)', () => {
    it('given customer A, when they get their own order, then it is returned', async () => {
      const [order] = api.alice.orders;
      const { body } = await api.graphql(api.token.alice, GET_ORDER, { id: order?.id });
      expect(body).toEqual({
        data: {
          getOrder: {
            id: order?.id,
            owner_sub: api.alice.sub,
            status: 'PENDING',
            total_amount: order?.totalAmount,
            created_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
          },
        },
      });
    });

    it("given customer B, when they get A's order by id, then AppSync's Unauthorized error and no data", async () => {
      const { status, body } = await api.graphql(api.token.bob, GET_ORDER, { id: api.alice.orders[0]?.id });
      expect(status).toBe(200);
      expect(body).toEqual({
        data: { getOrder: null },
        errors: [
          {
            path: ['getOrder'],
            data: null,
            errorType: 'Unauthorized',
            errorInfo: null,
            locations: [{ line: 1, column: 20, sourceName: null }],
            message: 'Not Authorized to access getOrder on type Query',
          },
        ],
      });
    });

    it('given an admin, when they get any customer order, then it is returned', async () => {
      const { body } = await api.graphql(api.token.admin, GET_ORDER, { id: api.bob.orders[0]?.id });
      expect(body.data.getOrder.owner_sub).toBe(api.bob.sub);
    });

    it('given an id no order has, when a customer gets it, then null without an error', async () => {
      const { body } = await api.graphql(api.token.alice, GET_ORDER, { id: randomUUID() });
      expect(body).toEqual({ data: { getOrder: null } });
    });
  });

  describe('list queries (owner rule filters, not refuses)', () => {
    it('given customer A, when they list orders, then they get exactly their own', async () => {
      const { body } = await api.graphql(api.token.alice, LIST_ORDERS);
      expect(body.data.listOrders.items.map((item: { id: string }) => item.id).sort()).toEqual(
        api.alice.orders.map((order) => order.id).sort(),
      );
    });

    it("given customer B, when they filter for A's owner_sub, then the list is empty", async () => {
      const { body } = await api.graphql(api.token.bob, LIST_ORDERS, {
        filter: { owner_sub: { eq: api.alice.sub } },
      });
      expect(body.data.listOrders).toEqual({ items: [], nextToken: null });
    });

    it('given an admin, when they list orders, then every customer is there', async () => {
      const { body } = await api.graphql(api.token.admin, LIST_ORDERS);
      expect(ownerSubs(body)).toEqual(new Set([api.alice.sub, api.bob.sub]));
    });

    it("given customer B, when they list order items and events, then none of A's rows are there", async () => {
      const { body } = await api.graphql(
        api.token.bob,
        '{ listOrderItems { items { owner_sub } } listOrderEvents { items { owner_sub type } } }',
      );
      const owners = [...body.data.listOrderItems.items, ...body.data.listOrderEvents.items].map(
        (item: { owner_sub: string }) => item.owner_sub,
      );
      expect(owners.length).toBeGreaterThan(0);
      expect(new Set(owners)).toEqual(new Set([api.bob.sub]));
    });

    it("given customer B, when they read A's order items by order_id, then the list is empty", async () => {
      const { body } = await api.graphql(
        api.token.bob,
        'query ($id: ID!) { listOrderItems(filter: { order_id: { eq: $id } }) { items { id } } }',
        { id: api.alice.orders[0]?.id },
      );
      expect(body.data.listOrderItems.items).toEqual([]);
    });

    it("given customer A, when they follow their order's items and events, then the related rows come with it", async () => {
      const { body } = await api.graphql(
        api.token.alice,
        'query ($id: ID!) { getOrder(id: $id) { items { items { line_no order { id } } } events { items { type } } } }',
        { id: api.alice.orders[0]?.id },
      );
      expect(body.data.getOrder.items.items).toEqual([
        { line_no: 1, order: { id: api.alice.orders[0]?.id } },
      ]);
      expect(body.data.getOrder.events.items).toEqual([{ type: 'ORDER_PLACED' }]);
    });

    it('given any signed-in customer, when they list products with prices, then the catalogue is returned', async () => {
      const { body } = await api.graphql(
        api.token.bob,
        '{ listProducts(filter: { active: { eq: true } }) { items { sku prices { items { currency unit_amount } } } } }',
      );
      expect(body.data.listProducts.items.length).toBeGreaterThan(0);
      expect(body.data.listProducts.items[0].prices.items[0]).toEqual({
        currency: expect.any(String),
        unit_amount: expect.any(Number),
      });
    });
  });

  describe('filters and pagination', () => {
    it('given an admin, when they page through orders two at a time, then every order comes once', async () => {
      const seen: string[] = [];
      let nextToken: string | null = null;
      do {
        const { body } = await api.graphql(api.token.admin, LIST_ORDERS, { limit: 2, nextToken });
        seen.push(...body.data.listOrders.items.map((item: { id: string }) => item.id));
        nextToken = body.data.listOrders.nextToken;
      } while (nextToken);
      const all = [...api.alice.orders, ...api.bob.orders].map((order) => order.id);
      expect(seen.sort()).toEqual(all.sort());
    });

    it('given or, not, beginsWith and between, when an admin filters, then the rows match the expression', async () => {
      const [first] = api.alice.orders;
      const { body } = await api.graphql(api.token.admin, LIST_ORDERS, {
        filter: {
          or: [{ owner_sub: { beginsWith: api.alice.sub.slice(0, 8) } }, { owner_sub: { eq: api.bob.sub } }],
          not: { id: { eq: first?.id } },
          item_count: { between: [1, 50_000] },
        },
      });
      const ids = body.data.listOrders.items.map((item: { id: string }) => item.id).sort();
      expect(ids).toEqual([api.alice.orders[1]?.id, api.bob.orders[0]?.id].sort());
    });

    it('given a tampered nextToken, when a list is asked for, then a ValidationError and no rows', async () => {
      const { body } = await api.graphql(api.token.admin, LIST_ORDERS, { nextToken: 'not-a-token' });
      expect(body.data.listOrders).toBeNull();
      expect(body.errors[0]).toMatchObject({ errorType: 'ValidationError', message: 'Invalid nextToken' });
    });
  });

  describe('custom SQL queries (ADMINS only)', () => {
    it("given an admin, when they ask for order stats, then the SQL file's aggregate comes back", async () => {
      const { body } = await api.graphql(api.token.admin, STATS, { startDate: today, endDate: today });
      expect(body.errors).toBeUndefined();
      expect(body.data.orderStatsByStatus).toEqual([
        { status: 'PENDING', currency: 'USD', orderCount: 3, revenue: expect.any(Number) },
      ]);
    });

    it('given a customer, when they ask for order stats, then Unauthorized', async () => {
      const { body } = await api.graphql(api.token.alice, STATS, { startDate: today, endDate: today });
      expect(body.data).toEqual({ orderStatsByStatus: null });
      expect(body.errors[0]).toMatchObject({
        errorType: 'Unauthorized',
        message: 'Not Authorized to access orderStatsByStatus on type Query',
      });
    });

    it('given an admin, when they page through every order two at a time, then newest first, each order once', async () => {
      const seen: { id: string; created_at: string }[] = [];
      let after: { afterCursor: string; afterId: string } = ANY_ORDER;
      for (let page = 0; page < 3; page += 1) {
        const { body } = await api.graphql(api.token.admin, ADMIN_PAGE, {
          ...ANY_ORDER,
          ...after,
          pageSize: 2,
        });
        expect(body.errors).toBeUndefined();
        const rows = body.data.adminOrdersPage as { id: string; created_at: string; cursor: string }[];
        seen.push(...rows);
        const last = rows.at(-1);
        if (!last) break;
        after = { afterCursor: last.cursor, afterId: last.id };
      }
      const everyOrder = [...api.alice.orders, ...api.bob.orders].map((order) => order.id);
      expect(seen.map((row) => row.id).sort()).toEqual(everyOrder.sort());
      const times = seen.map((row) => row.created_at);
      expect(times).toEqual([...times].sort().reverse());
    });

    it("given an admin, when they filter by a customer's email in other letter case, then only that customer's orders", async () => {
      const { body } = await api.graphql(api.token.admin, ADMIN_PAGE, {
        ...ANY_ORDER,
        ownerEmail: api.bob.email.toUpperCase(),
      });
      expect(body.data.adminOrdersPage.map((row: { id: string }) => row.id)).toEqual([api.bob.orders[0]?.id]);
    });

    it("given an admin, when they search by part of a customer's email in other letter case, then only that customer's orders", async () => {
      const [local] = api.bob.email.split('@');
      const { body } = await api.graphql(api.token.admin, ADMIN_PAGE, {
        ...ANY_ORDER,
        ownerEmail: (local ?? '').slice(1).toUpperCase(),
      });
      expect(body.data.adminOrdersPage.map((row: { id: string }) => row.id)).toEqual([api.bob.orders[0]?.id]);
    });

    it("given an admin, when they search with LIKE's wildcards, then the wildcards match only themselves", async () => {
      for (const ownerEmail of ['%', '_', '\\']) {
        const { body } = await api.graphql(api.token.admin, ADMIN_PAGE, { ...ANY_ORDER, ownerEmail });
        expect(body.data.adminOrdersPage, ownerEmail).toEqual([]);
      }
    });

    it("given an admin, when they search by an order's reference in capitals, then that order alone", async () => {
      const order = api.alice.orders[0];
      const { body } = await api.graphql(api.token.admin, ADMIN_PAGE, {
        ...ANY_ORDER,
        reference: order?.id.slice(-8).toUpperCase(),
      });
      expect(body.data.adminOrdersPage.map((row: { id: string }) => row.id)).toEqual([order?.id]);
    });

    it('given an admin, when they filter by a status no order has, then no rows', async () => {
      const { body } = await api.graphql(api.token.admin, ADMIN_PAGE, { ...ANY_ORDER, status: 'SHIPPED' });
      expect(body.data.adminOrdersPage).toEqual([]);
    });

    it("given a customer, when they ask for the admin console's page, then Unauthorized and no rows", async () => {
      const { body } = await api.graphql(api.token.alice, ADMIN_PAGE, ANY_ORDER);
      expect(body.data).toEqual({ adminOrdersPage: null });
      expect(body.errors[0]).toMatchObject({
        errorType: 'Unauthorized',
        message: 'Not Authorized to access adminOrdersPage on type Query',
      });
    });

    it('given a date that is not an AWSDate, when an admin asks, then a validation error', async () => {
      const { body } = await api.graphql(api.token.admin, STATS, { startDate: 'yesterday', endDate: today });
      expect(body.data).toBeNull();
      expect(body.errors[0].message).toContain('AWSDate');
    });
  });

  describe('IAM callers (Amplify admits any IAM principal; the gate in front of its resolvers does not)', () => {
    const accountId = () => api.appsync.publisherCaller.identity.accountId;

    it('given an IAM role of the account, when it lists orders, then Unauthorized and no row', async () => {
      const reader = assumedRoleCaller({
        accountId: accountId(),
        roleName: 'some-role-with-appsync-GraphQL',
      });
      const result = await api.appsync.execute({ query: LIST_ORDERS, variables: {} }, reader);
      expect(result.data?.listOrders ?? null).toBeNull();
      expect(result.errors?.[0]).toMatchObject({ errorType: 'Unauthorized' });
    });

    it('given the publisher role itself, when it reads an order or the admin page, then Unauthorized', async () => {
      const publisher = api.appsync.publisherCaller;
      const order = await api.appsync.execute(
        { query: GET_ORDER, variables: { id: api.bob.orders[0]?.id } },
        publisher,
      );
      expect(order.errors?.[0]).toMatchObject({ errorType: 'Unauthorized' });
      const page = await api.appsync.execute({ query: ADMIN_PAGE, variables: ANY_ORDER }, publisher);
      expect(page.errors?.[0]).toMatchObject({ errorType: 'Unauthorized' });
    });
  });

  describe('publishOrderEvent (backend only)', () => {
    it('given a customer token, when they call publishOrderEvent, then Unauthorized', async () => {
      const { body } = await api.graphql(api.token.alice, PUBLISH, {
        eventId: randomUUID(),
        orderId: api.bob.orders[0]?.id,
        ownerSub: api.bob.sub,
      });
      expect(body.data).toEqual({ publishOrderEvent: null });
      expect(body.errors[0]).toMatchObject({
        path: ['publishOrderEvent'],
        errorType: 'Unauthorized',
        message: 'Not Authorized to access publishOrderEvent on type Mutation',
      });
    });

    it('given an admin token, when they call publishOrderEvent, then Unauthorized too', async () => {
      const { body } = await api.graphql(api.token.admin, PUBLISH, {
        eventId: randomUUID(),
        orderId: api.bob.orders[0]?.id,
        ownerSub: api.bob.sub,
      });
      expect(body.errors[0].errorType).toBe('Unauthorized');
    });
  });
});
