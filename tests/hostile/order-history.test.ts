import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICE_PATHS } from '../../local-cloud/config.ts';
import { DEMO_CUSTOMERS, type DemoAccount } from '../../local-cloud/demo-accounts.ts';
import { startHostileCloud } from './hostile-cloud.ts';

// A signed-in customer probing `GET /api/orders` (their order history) on the running local cloud,
// through API Gateway's JWT authorizer and the real handler, with the seeded demo orders: whatever
// they send (another customer's cursor, a forged one, an owner parameter, their ID token), they
// read their own orders or get a 4xx problem, never another customer's row and never a 500.

const [alice, bob] = DEMO_CUSTOMERS as [DemoAccount, DemoAccount];

let local: Awaited<ReturnType<typeof startHostileCloud>>;
let aliceTokens: { access: string; id: string };
let bobTokens: { access: string; id: string };
beforeAll(async () => {
  local = await startHostileCloud();
  [aliceTokens, bobTokens] = await Promise.all([local.signIn(alice), local.signIn(bob)]);
});
afterAll(() => local?.stop());

interface HistoryAnswer {
  status: number;
  contentType: string | null;
  text: string;
  body: {
    items?: { ownerSub: string; id: string }[];
    nextCursor?: string | null;
    errors?: { path: string }[];
  };
}

async function history(token: string, query: string): Promise<HistoryAnswer> {
  const response = await fetch(local.url(`${SERVICE_PATHS.httpApi}/orders?${query}`), {
    headers: { authorization: `Bearer ${token}` },
  });
  const text = await response.text();
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    text,
    body: JSON.parse(text || '{}'),
  };
}

describe('GET /api/orders on the local cloud', () => {
  it("given alice's token, when she pages through her history, then every row is hers and there is more than one page", async () => {
    const first = await history(aliceTokens.access, 'limit=5');
    expect(first.status).toBe(200);
    expect(first.body.items?.length).toBe(5);
    const second = await history(aliceTokens.access, `limit=5&cursor=${first.body.nextCursor}`);
    const rows = [...(first.body.items ?? []), ...(second.body.items ?? [])];
    expect(rows.every((row) => row.ownerSub === alice.sub)).toBe(true);
    expect(new Set(rows.map((row) => row.id)).size).toBe(rows.length);
  });

  it("given bob's cursor, when alice sends it, then 400 problem+json and none of bob's rows", async () => {
    const bobs = await history(bobTokens.access, 'limit=5');
    expect(bobs.body.items?.every((row) => row.ownerSub === bob.sub)).toBe(true);
    const answer = await history(aliceTokens.access, `limit=5&cursor=${bobs.body.nextCursor}`);
    expect(answer.status).toBe(400);
    expect(answer.contentType).toBe('application/problem+json');
    expect(answer.body.errors).toEqual([expect.objectContaining({ path: 'cursor' })]);
    expect(answer.text).not.toContain(bob.sub);
  });

  it.each([
    ['an owner parameter', `ownerSub=${bob.sub}`],
    ['an owner_sub parameter', `owner_sub=${bob.sub}`],
    [
      'a forged cursor',
      `cursor=${Buffer.from(JSON.stringify({ createdAt: '2999-01-01T00:00:00.000000Z', id: '00000000-0000-4000-8000-000000000000' })).toString('base64url')}`,
    ],
    ['a malformed cursor', 'cursor=%FF%FE'],
    ['a SQL-shaped status', "status=PENDING' OR '1'='1"],
  ])('given %s, when alice asks, then 400 problem+json, never a 500 nor a row of bob', async (_, query) => {
    const answer = await history(aliceTokens.access, query);
    expect(answer.status).toBe(400);
    expect(answer.contentType).toBe('application/problem+json');
    expect(answer.text).not.toContain(bob.sub);
  });

  it("given alice's ID token (not an access token), when she asks, then 401", async () => {
    expect((await history(aliceTokens.id, '')).status).toBe(401);
  });

  it('given no token, when anyone asks, then the authorizer answers 401 before the handler runs', async () => {
    const response = await fetch(local.url(`${SERVICE_PATHS.httpApi}/orders`));
    expect(response.status).toBe(401);
  });
});
