import '../../tests/support/function-env.ts';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalJWKSet, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { COMMAND_ROUTES } from '../../amplify/constructs/http-routes.ts';
import { seedCatalogue } from '../../db/seed.ts';
import { databaseTargets, type TestDatabase } from '../../tests/support/databases.ts';
import { productIds } from '../../tests/support/orders.ts';
import { type LocalHost, startLocalHost } from '../host.ts';
import { type Invoke, loadFunction } from '../lambda/local-lambda.ts';
import { ensureLocalTls } from '../tls.ts';
import { createLocalHttpApi } from './http-api.ts';

const ISSUER = 'https://127.0.0.1/cognito/eu-west-1_SecureOrdersLocal';
const CLIENT_ID = 'local-app-client';
// The gateway's behaviour does not depend on the database: the embedded one is enough here.
const [embedded] = databaseTargets();

describe('the local HTTP API in front of the real orders handler', () => {
  let db: TestDatabase;
  let host: LocalHost;
  let signingKey: CryptoKey;
  let publicJwk: JWK;
  let products: string[];
  const invoked = vi.fn();
  /** The report download function's invocations (its own integration). */
  const downloadInvoked = vi.fn();

  beforeAll(async () => {
    db = await (embedded as NonNullable<typeof embedded>).start();
    await seedCatalogue(db.pool);
    products = await productIds(db.pool);
    process.env.DATABASE_URL = db.url;
    process.env.APP_CLIENT_ID = CLIENT_ID;
    const ordersApi = await loadFunction('orders-api');
    const reportDownload = await loadFunction('report-download');
    const invoke: Invoke = (event) => {
      invoked(event);
      return ordersApi(event);
    };
    const invokeDownload: Invoke = (event) => {
      downloadInvoked(event);
      return reportDownload(event);
    };
    const keys = await generateKeyPair('RS256');
    signingKey = keys.privateKey as CryptoKey;
    publicJwk = { ...(await exportJWK(keys.publicKey)), kid: 'local-1', alg: 'RS256' };
    const api = createLocalHttpApi({
      routes: COMMAND_ROUTES,
      authorizer: { issuer: ISSUER, audience: [CLIENT_ID], keys: createLocalJWKSet({ keys: [publicJwk] }) },
      integrations: { 'orders-api': invoke, 'report-download': invokeDownload },
      allowedOrigins: ['https://app.example'],
      throttle: false, // tests/hostile/throttling.test.ts covers it
    });
    host = await startLocalHost({
      tls: await ensureLocalTls(mkdtempSync(join(tmpdir(), 'so-tls-'))),
      routes: { '/api': api },
      httpPort: 0,
    });
  });
  afterAll(async () => {
    await host?.close();
    await db?.stop();
  });

  function token(
    claims: Record<string, unknown>,
    options: { key?: CryptoKey; expiresIn?: string; alg?: string } = {},
  ) {
    return new SignJWT({ token_use: 'access', client_id: CLIENT_ID, email: 'alice@example.com', ...claims })
      .setProtectedHeader({ alg: options.alg ?? 'RS256', kid: 'local-1' })
      .setIssuer(ISSUER)
      .setSubject(String(claims.sub ?? randomUUID()))
      .setIssuedAt()
      .setExpirationTime(options.expiresIn ?? '15m')
      .sign(options.key ?? signingKey);
  }

  async function placeOrder(authorization: string | undefined) {
    invoked.mockClear();
    return fetch(`${host.httpUrl}/api/orders`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': randomUUID(),
        ...(authorization ? { authorization } : {}),
      },
      body: JSON.stringify({ currency: 'USD', items: [{ productId: products[0], quantity: 1 }] }),
    });
  }

  it('given a valid access token, when a customer places an order, then the handler answers 201', async () => {
    const response = await placeOrder(`Bearer ${await token({})}`);
    expect(response.status).toBe(201);
    expect(invoked).toHaveBeenCalledOnce();
  });

  it('given the raw token without "Bearer", when calling, then it is accepted like API Gateway does', async () => {
    expect((await placeOrder(await token({}))).status).toBe(201);
  });

  it('given no token, when calling, then 401 comes before any handler runs', async () => {
    expect((await placeOrder(undefined)).status).toBe(401);
    expect(invoked).not.toHaveBeenCalled();
  });

  it('given a token signed by another key, when calling, then 401 before any handler runs', async () => {
    const forger = await generateKeyPair('RS256');
    expect(
      (await placeOrder(`Bearer ${await token({}, { key: forger.privateKey as CryptoKey })}`)).status,
    ).toBe(401);
    expect(invoked).not.toHaveBeenCalled();
  });

  it('given an unsigned token (alg none), when calling, then 401', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', kid: 'local-1' })).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const payload = Buffer.from(
      JSON.stringify({
        iss: ISSUER,
        sub: randomUUID(),
        token_use: 'access',
        client_id: CLIENT_ID,
        exp: now + 600,
      }),
    ).toString('base64url');
    expect((await placeOrder(`Bearer ${header}.${payload}.`)).status).toBe(401);
    expect(invoked).not.toHaveBeenCalled();
  });

  it('given an expired token, when calling, then 401 says it expired', async () => {
    const response = await placeOrder(`Bearer ${await token({}, { expiresIn: '-1m' })}`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('expired');
  });

  it('given a token for another app client, when calling, then 401', async () => {
    expect((await placeOrder(`Bearer ${await token({ client_id: 'someone-else' })}`)).status).toBe(401);
  });

  it('given an ID token of the app client, when calling, then the authorizer passes it and the handler refuses it', async () => {
    const idToken = await token({ token_use: 'id', aud: CLIENT_ID, client_id: undefined });
    const response = await placeOrder(`Bearer ${idToken}`);
    expect(invoked).toHaveBeenCalledOnce();
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });

  it('given an admin token, when the groups claim reaches the handler, then it is in API Gateway’s bracketed form', async () => {
    invoked.mockClear();
    await fetch(`${host.httpUrl}/api/reports`, {
      headers: { authorization: await token({ 'cognito:groups': ['ADMINS'] }) },
    });
    expect(invoked.mock.calls[0]?.[0].requestContext.authorizer.jwt.claims['cognito:groups']).toBe(
      '[ADMINS]',
    );
  });

  it('given a download request, when routed, then the report download function answers it and the orders API is not invoked', async () => {
    invoked.mockClear();
    downloadInvoked.mockClear();
    const response = await fetch(`${host.httpUrl}/api/reports/${randomUUID()}/download`, {
      headers: { authorization: await token({ 'cognito:groups': ['ADMINS'] }) },
    });
    expect(downloadInvoked).toHaveBeenCalledOnce();
    expect(downloadInvoked.mock.calls[0]?.[0].routeKey).toBe('GET /reports/{id}/download');
    expect(invoked).not.toHaveBeenCalled();
    expect(response.status).toBe(404);
  });

  it('given a route the API does not have, when called, then 404 without invoking the handler', async () => {
    invoked.mockClear();
    const response = await fetch(`${host.httpUrl}/api/orders`, {
      method: 'DELETE',
      headers: { authorization: await token({}) },
    });
    expect(response.status).toBe(404);
    expect(invoked).not.toHaveBeenCalled();
  });

  it('given a CORS preflight from an allowed origin, then the gateway answers without a token', async () => {
    const response = await fetch(`${host.httpUrl}/api/orders`, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example');
  });
});
