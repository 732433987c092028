import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_USER_POOL_CLIENT_ID, SERVICE_PATHS } from '../../local-cloud/config.ts';
import { DEMO_CUSTOMERS } from '../../local-cloud/demo-accounts.ts';
import { type LocalCloud, startLocalCloud } from '../../local-cloud/local-cloud.ts';
import { queryDatabase } from '../support/local-cloud-browser.ts';

// A customer's double-clicks and retries, all at once: one Idempotency-Key, many concurrent
// POST /orders through the app's origin, on `npm start`'s default (embedded) database. The handler's
// design (db/orders-repository.ts) answers every one with the order the first created: a request
// that loses the race waits on the key's unique index, then returns the winner's stored response.

const CONCURRENT_REQUESTS = 24;
const [customer] = DEMO_CUSTOMERS;
if (!customer) throw new Error('no demo customer');

interface Answer {
  status: number;
  body: string;
}

describe('one Idempotency-Key, many concurrent orders, on the embedded database', () => {
  let cloud: LocalCloud;
  let stateDir: string;
  let agent: Agent;

  beforeAll(async () => {
    stateDir = mkdtempSync(join(tmpdir(), 'so-hostile-idem-'));
    cloud = await startLocalCloud({ stateDir, httpsPort: 0, httpPort: 0, databasePort: 0, log: () => {} });
    // One socket per request, so they really are in flight together.
    agent = new Agent({ ca: cloud.caCert, keepAlive: true, maxSockets: CONCURRENT_REQUESTS });
  });
  afterAll(async () => {
    agent?.destroy();
    await cloud?.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  function send(method: string, path: string, headers: Record<string, string>, body: unknown) {
    return new Promise<Answer>((resolve, reject) => {
      const payload = JSON.stringify(body);
      const outgoing = request(
        new URL(path, cloud.origin),
        { method, agent, headers: { 'content-type': 'application/json', ...headers } },
        (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => {
            text += chunk;
          });
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
        },
      );
      outgoing.on('error', reject);
      outgoing.end(payload);
    });
  }

  async function ordersOfCustomer(): Promise<number> {
    const { rows } = await queryDatabase<{ n: number }>(
      { cloud },
      'SELECT count(*)::int AS n FROM orders WHERE owner_sub = $1',
      [customer?.sub],
    );
    return rows[0]?.n ?? 0;
  }

  async function accessToken(): Promise<string> {
    const answer = await send(
      'POST',
      SERVICE_PATHS.cognito,
      {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth',
      },
      {
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: LOCAL_USER_POOL_CLIENT_ID,
        AuthParameters: { USERNAME: customer?.email, PASSWORD: customer?.password },
      },
    );
    const token = JSON.parse(answer.body).AuthenticationResult?.AccessToken;
    if (typeof token !== 'string') throw new Error(`sign-in failed: ${answer.status} ${answer.body}`);
    return token;
  }

  it(`given ${CONCURRENT_REQUESTS} concurrent POST /orders with one Idempotency-Key, when they land, then every answer is the same 201 and exactly one order exists`, async () => {
    const [token, products] = await Promise.all([
      accessToken(),
      queryDatabase<{ id: string }>(
        { cloud },
        `SELECT p.id FROM products p JOIN product_prices pp ON pp.product_id = p.id AND pp.currency = 'USD'
          WHERE p.active ORDER BY p.sku LIMIT 1`,
      ),
    ]);
    const productId = products.rows[0]?.id;
    const ordersBefore = await ordersOfCustomer();
    const key = randomUUID();
    const answers = await Promise.all(
      Array.from({ length: CONCURRENT_REQUESTS }, () =>
        send(
          'POST',
          `${SERVICE_PATHS.httpApi}/orders`,
          { authorization: `Bearer ${token}`, 'idempotency-key': key },
          { currency: 'USD', items: [{ productId, quantity: 1 }] },
        ),
      ),
    );

    expect(answers.map((answer) => answer.status)).toEqual(Array(CONCURRENT_REQUESTS).fill(201));
    const orderIds = new Set(answers.map((answer) => JSON.parse(answer.body).id));
    expect(orderIds.size).toBe(1);
    expect(await ordersOfCustomer()).toBe(ordersBefore + 1);
  });
});
