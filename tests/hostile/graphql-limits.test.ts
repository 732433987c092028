import { confirmSignIn, fetchAuthSession, signIn, signOut } from 'aws-amplify/auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRAPHQL_LIMITS } from '../../amplify/data/graphql-limits.ts';
import { SERVICE_PATHS } from '../../local-cloud/config.ts';
import { DEMO_ADMIN, DEMO_CUSTOMERS, type DemoAccount, demoTotp } from '../../local-cloud/demo-accounts.ts';
import { configureAmplifyFor } from '../support/amplify-in-node.ts';
import { startHostileCloud } from './hostile-cloud.ts';

// A signed-in customer with a GraphQL client of their own: a relationship cycle nested 42 levels
// deep, or one request running resolver after resolver (each a SQL Lambda invocation in AWS). The
// local AppSync holds GRAPHQL_LIMITS as the deployed API does; the SPA's own operations fit in them.

const [firstCustomer] = DEMO_CUSTOMERS;
if (!firstCustomer) throw new Error('no demo customer');
const alice: DemoAccount = firstCustomer;

let local: Awaited<ReturnType<typeof startHostileCloud>>;
let restore: () => void;
let spa: typeof import('../../src/api/orders.ts');
let commands: typeof import('../../src/api/commands.ts');
beforeAll(async () => {
  local = await startHostileCloud();
  restore = configureAmplifyFor(local.cloud);
  // After Amplify is configured, as in the SPA.
  spa = await import('../../src/api/orders.ts');
  commands = await import('../../src/api/commands.ts');
});
afterAll(async () => {
  await signOut().catch(() => undefined);
  restore?.();
  await local?.stop();
});

interface GraphqlAnswer {
  data: Record<string, unknown> | null;
  errors?: Array<{ errorType: string; path: Array<string | number> | null }>;
}

async function graphqlAs(query: string): Promise<GraphqlAnswer> {
  const { access } = await local.signIn(alice);
  const response = await fetch(local.url(SERVICE_PATHS.graphql), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: access },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as GraphqlAnswer;
}

/** `getOrder { items { items { order { items { items { order ... } } } } } }`, `hops` relationships deep. */
function orderCycle(orderId: string, hops: number): string {
  let selection = 'id';
  for (let hop = 0; hop < hops; hop += 1) {
    selection = (hops - hop) % 2 === 1 ? `items { items { ${selection} } }` : `order { ${selection} }`;
  }
  return `{ getOrder(id: "${orderId}") { ${selection} } }`;
}

describe('the SPA within the limits', () => {
  it("given a customer, when the SPA's order and catalogue operations run, then none hits a limit", async () => {
    await signIn({ username: alice.email, password: alice.password });
    const { orders } = await commands.listMyOrders({}, null);
    expect(orders.length).toBeGreaterThan(0);
    expect(await spa.getOrderDetail(orders[0]?.id as string)).toMatchObject({ items: expect.any(Array) });
    expect((await spa.listCatalogue()).length).toBeGreaterThan(0);
    await signOut();
  });

  it("given an admin, when the SPA's console operations run, then none hits a limit", async () => {
    const started = await signIn({ username: DEMO_ADMIN.email, password: DEMO_ADMIN.password });
    expect(started.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_TOTP_CODE');
    await confirmSignIn({ challengeResponse: demoTotp(DEMO_ADMIN).generate() });
    expect((await fetchAuthSession()).tokens?.accessToken).toBeTruthy();
    const page = await spa.listAdminOrdersPage({}, null);
    expect(page.orders.length).toBeGreaterThan(0);
    const today = new Date().toISOString().slice(0, 10);
    await expect(spa.loadOrderStats(today, today)).resolves.toMatchObject({ byDay: expect.any(Array) });
    await signOut();
  });
});

describe('a query past the depth limit', () => {
  it('given a 43-level Order.items -> OrderItem.order cycle, then the fields past the limit are QueryDepthLimitReached errors', async () => {
    const listed = (await graphqlAs('{ listOrders(limit: 1) { items { id } } }')).data as {
      listOrders: { items: Array<{ id: string }> };
    };
    // 27 hops: getOrder, 14 × items.items and 13 × order, then id: 43 levels.
    const answer = await graphqlAs(orderCycle(listed.listOrders.items[0]?.id as string, 27));
    expect(answer.errors?.length).toBeGreaterThan(0);
    expect(answer.errors?.every((error) => error.errorType === 'QueryDepthLimitReached')).toBe(true);
    const deepest = Math.max(...(answer.errors ?? []).map((error) => fieldLevels(error.path)));
    expect(deepest).toBe(GRAPHQL_LIMITS.queryDepthLimit + 1);
  });
});

describe('a request past the resolver count limit', () => {
  it('given more root fields than the limit, then the ones past it are ResolverExecutionLimitReached and the rest run', async () => {
    const fields = GRAPHQL_LIMITS.resolverCountLimit + 3;
    const query = `{ ${Array.from({ length: fields }, (_, index) => `p${index}: listProducts(limit: 1) { items { id } }`).join(' ')} }`;
    const answer = await graphqlAs(query);
    const refused = (answer.errors ?? []).filter(
      (error) => error.errorType === 'ResolverExecutionLimitReached',
    );
    expect(refused).toHaveLength(3);
    const answered = Object.values(answer.data ?? {}).filter((value) => value !== null);
    expect(answered).toHaveLength(GRAPHQL_LIMITS.resolverCountLimit);
  });
});

/** The nesting level of an error's path: its field names (list indexes are not levels). */
const fieldLevels = (path: Array<string | number> | null) =>
  (path ?? []).filter((key) => typeof key === 'string').length;
