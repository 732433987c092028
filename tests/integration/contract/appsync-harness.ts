import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPair, jwtVerify, SignJWT } from 'jose';
import { seedCatalogue } from '../../../db/seed.ts';
import type { TokenClaims } from '../../../local-cloud/appsync/identity.ts';
import { createLocalAppSync, type LocalAppSyncOptions } from '../../../local-cloud/appsync/local-appsync.ts';
import { SERVICE_PATHS } from '../../../local-cloud/config.ts';
import { startLocalHost } from '../../../local-cloud/host.ts';
import { ensureLocalTls } from '../../../local-cloud/tls.ts';
import type { TestDatabase } from '../../support/databases.ts';
import { newCustomer, placeOrder } from '../../support/orders.ts';

const ISSUER = 'https://local.test/cognito/eu-west-1_AppSyncTest';

/** RS256 tokens like the user pool's, signed with a key of this harness, and the verifier for them. */
export async function testTokens() {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  return {
    async mint(claims: { sub: string; groups?: string[] }, options: { expiresIn?: string } = {}) {
      return new SignJWT({
        token_use: 'access',
        username: claims.sub,
        ...(claims.groups ? { 'cognito:groups': claims.groups } : {}),
      })
        .setProtectedHeader({ alg: 'RS256', kid: 'test' })
        .setSubject(claims.sub)
        .setIssuer(ISSUER)
        .setIssuedAt()
        .setExpirationTime(options.expiresIn ?? '1h')
        .sign(privateKey);
    },
    async verifyToken(token: string): Promise<TokenClaims> {
      const { payload } = await jwtVerify(token, publicKey, { issuer: ISSUER, algorithms: ['RS256'] });
      return payload as TokenClaims;
    },
  };
}

/**
 * The local AppSync mounted as the local cloud mounts it (under /graphql on the TLS origin, plus
 * loopback HTTP), over a database seeded with two customers' orders.
 */
export async function startAppSync(database: TestDatabase, options: Partial<LocalAppSyncOptions> = {}) {
  await seedCatalogue(database.pool);
  const alice = newCustomer('alice');
  const bob = newCustomer('bob');
  const aliceOrders = [await placeOrder(database.pool, alice), await placeOrder(database.pool, alice)];
  const bobOrders = [await placeOrder(database.pool, bob)];

  const tokens = await testTokens();
  const appsync = await createLocalAppSync({
    pool: database.pool,
    verifyToken: tokens.verifyToken,
    log: () => undefined,
    ...options,
  });
  const tls = await ensureLocalTls(mkdtempSync(join(tmpdir(), 'appsync-tls-')));
  const host = await startLocalHost({ tls, routes: { [SERVICE_PATHS.graphql]: appsync }, httpPort: 0 });
  const graphqlUrl = `${host.httpUrl}${SERVICE_PATHS.graphql}`;

  const token = {
    alice: await tokens.mint({ sub: alice.sub }),
    bob: await tokens.mint({ sub: bob.sub }),
    admin: await tokens.mint({ sub: randomUUID(), groups: ['ADMINS'] }),
  };

  /** POSTs one operation as aws-amplify does (the raw token in Authorization). */
  async function graphql(
    authorization: string | undefined,
    query: string,
    variables: Record<string, unknown> = {},
  ) {
    const response = await fetch(graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    // biome-ignore lint/suspicious/noExplicitAny: responses are asserted on by shape
    return { status: response.status, body: (await response.json()) as any };
  }

  return {
    appsync,
    host,
    tls,
    graphqlUrl,
    tokens,
    token,
    alice: { ...alice, orders: aliceOrders },
    bob: { ...bob, orders: bobOrders },
    graphql,
    async close() {
      await host.close();
      await appsync.close?.();
    },
  };
}

export type AppSyncHarness = Awaited<ReturnType<typeof startAppSync>>;
