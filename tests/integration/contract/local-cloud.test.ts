import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { get, post } from 'aws-amplify/api';
import { fetchAuthSession, signIn, signOut } from 'aws-amplify/auth';
import { generateClient } from 'aws-amplify/data';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Schema } from '../../../amplify/data/resource.ts';
import type { OrderEventMessage } from '../../../core/order-events.ts';
import { environmentDatabaseNames } from '../../../db/environment-names.ts';
import { LOCAL_ENVIRONMENT } from '../../../local-cloud/database.ts';
import { DEMO_ADMIN, DEMO_CUSTOMERS, demoTotp } from '../../../local-cloud/demo-accounts.ts';
import { type LocalCloud, startLocalCloud } from '../../../local-cloud/local-cloud.ts';
import { configureAmplifyFor } from '../../support/amplify-in-node.ts';

// The whole local cloud in this process, driven by the real aws-amplify client as the SPA drives
// it: SRP sign-in, a REST command through the HTTP API, and the realtime event that command causes.

const [alice] = DEMO_CUSTOMERS;
if (!alice) throw new Error('no demo customer');

describe('the local cloud, end to end through the aws-amplify client', () => {
  let cloud: LocalCloud;
  let restore: () => void;

  beforeAll(async () => {
    cloud = await startLocalCloud({
      stateDir: mkdtempSync(join(tmpdir(), 'so-cloud-')),
      httpsPort: 0,
      httpPort: 0,
      databasePort: 0,
      log: () => {},
    });
    restore = configureAmplifyFor(cloud);
  });
  afterAll(async () => {
    await signOut().catch(() => {});
    restore?.();
    await cloud?.stop();
  });

  async function accessToken(): Promise<string> {
    const token = (await fetchAuthSession()).tokens?.accessToken?.toString();
    if (!token) throw new Error('not signed in');
    return token;
  }

  async function placeOrder(): Promise<{ id: string; version: number }> {
    const products = await generateClient<Schema>().models.Product.list({ limit: 1 });
    const productId = products.data[0]?.id;
    const response = await post({
      apiName: 'orders',
      path: '/orders',
      options: {
        headers: { Authorization: `Bearer ${await accessToken()}`, 'Idempotency-Key': randomUUID() },
        body: { currency: 'USD', items: [{ productId: productId as string, quantity: 1 }] },
      },
    }).response;
    expect(response.statusCode).toBe(201);
    return (await response.body.json()) as unknown as { id: string; version: number };
  }

  it('given a demo customer, when signing in with SRP (the default flow), then tokens for the app client arrive', async () => {
    const result = await signIn({ username: alice.email, password: alice.password });
    expect(result.isSignedIn).toBe(true);
    const { tokens } = await fetchAuthSession();
    expect(tokens?.accessToken.payload).toMatchObject({
      token_use: 'access',
      sub: alice.sub,
      email: alice.email,
    });
  });

  it('given a subscription to order events, when the customer places an order through the HTTP API, then the event arrives', async () => {
    const received: OrderEventMessage[] = [];
    const subscription = generateClient<Schema>().graphql({
      query: `subscription { onOrderEvent { eventId orderId ownerSub type fromStatus toStatus orderVersion occurredAt } }`,
    } as never) as unknown as { subscribe(observer: object): { unsubscribe(): void } };
    const arrived = new Promise<void>((resolve, reject) => {
      const handle = subscription.subscribe({
        next: ({ data }: { data: { onOrderEvent: OrderEventMessage } }) => {
          received.push(data.onOrderEvent);
          resolve();
          handle.unsubscribe();
        },
        error: reject,
      });
    });
    await new Promise((resolve) => setTimeout(resolve, 500)); // let start_ack land before the command
    const order = await placeOrder();
    await arrived;
    expect(received[0]).toMatchObject({
      orderId: order.id,
      ownerSub: alice.sub,
      type: 'ORDER_PLACED',
      orderVersion: 1,
    });
  });

  it('given the local cloud, when the functions connect to the database, then they take the cloud’s path: the local environment’s app role, credentials from Secrets Manager, no DATABASE_URL', async () => {
    const local = environmentDatabaseNames(LOCAL_ENVIRONMENT);
    expect(process.env.DATABASE_URL).toBeUndefined();
    expect(process.env).toMatchObject({ DB_HOST: '127.0.0.1', DB_NAME: local.database });
    // The same call Powertools Parameters makes for them, through the endpoint their SDK is given.
    const secret = await new SecretsManagerClient({ credentials: cloud.operatorCredentials }).send(
      new GetSecretValueCommand({ SecretId: process.env.DB_SECRET_ARN }),
    );
    expect(JSON.parse(secret.SecretString ?? '{}')).toMatchObject({ username: local.roles.app });
  });

  it('given the local cloud, when AppSync reads through its SQL data source, then it connects as the environment’s readonly role, as Amplify’s SQL Lambda does', async () => {
    const local = environmentDatabaseNames(LOCAL_ENVIRONMENT);
    await generateClient<Schema>().models.Product.list({ limit: 1 });
    const database = new pg.Client({ connectionString: cloud.databaseUrl });
    await database.connect();
    try {
      const { rows } = await database.query<{ role: string }>(
        'SELECT DISTINCT usename AS role FROM pg_stat_activity WHERE datname = current_database() AND usename IS NOT NULL',
      );
      expect(rows.map(({ role }) => role)).toContain(local.roles.readonly);
      expect(rows.map(({ role }) => role)).not.toContain('postgres');
    } finally {
      await database.end();
    }
  });

  it('given a signed-in customer, when they list reports (an admin route), then the API answers 403', async () => {
    const failure = await get({
      apiName: 'orders',
      path: '/reports',
      options: { headers: { Authorization: `Bearer ${await accessToken()}` } },
    }).response.catch((error: unknown) => error as { response?: { statusCode: number } });
    expect((failure as { response?: { statusCode: number } }).response?.statusCode).toBe(403);
  });

  it('given the demo admin, when signing in with TOTP, then the access token carries ADMINS', async () => {
    await signOut();
    const admin = DEMO_ADMIN;
    const first = await signIn({ username: admin.email, password: admin.password });
    expect(first.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_TOTP_CODE');
    const { confirmSignIn } = await import('aws-amplify/auth');
    const done = await confirmSignIn({ challengeResponse: demoTotp(admin).generate() });
    expect(done.isSignedIn).toBe(true);
    expect((await fetchAuthSession()).tokens?.accessToken.payload['cognito:groups']).toEqual(['ADMINS']);
  });
});
