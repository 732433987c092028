import { randomUUID } from 'node:crypto';
import { Amplify } from 'aws-amplify';
import type { JWT } from 'aws-amplify/auth';
import { generateClient } from 'aws-amplify/data';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Schema } from '../../../amplify/data/resource.ts';
import {
  LOCAL_REGION,
  LOCAL_USER_POOL_CLIENT_ID,
  LOCAL_USER_POOL_ID,
  SERVICE_PATHS,
} from '../../../local-cloud/config.ts';
import { databaseTargets, type TestDatabase } from '../../support/databases.ts';
import { type AppSyncHarness, startAppSync } from './appsync-harness.ts';

// The real aws-amplify data client (the SPA's), configured from outputs whose model_introspection
// the local AppSync generated, in user-pool mode, against the local endpoints.

const [target] = databaseTargets();
/** A token as Amplify's token provider hands it out; a harness token stands in for a signed-in user. */
const asJwt = (token: string) => ({ payload: decodeJwt(token) as JWT['payload'], toString: () => token });
if (!target) throw new Error('no database target');

describe('the aws-amplify data client against the local AppSync', () => {
  let database: TestDatabase;
  let api: AppSyncHarness;
  let signedInAs: string;
  const realFetch = globalThis.fetch;

  beforeAll(async () => {
    database = await target.start();
    api = await startAppSync(database);
    const { httpsUrl, httpUrl } = api.host;

    // The client upgrades data.url to wss:// for realtime, so data.url is the TLS origin; Node trusts
    // the local CA through ws's options, and HTTP goes to the same routes on the loopback port
    // (Node's fetch takes no CA without a restart).
    globalThis.WebSocket = class extends WebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols, { ca: api.tls.caCert });
      }
    } as unknown as typeof globalThis.WebSocket;
    globalThis.fetch = (input, init) =>
      realFetch(
        typeof input === 'string' || input instanceof URL
          ? String(input).replace(httpsUrl, String(httpUrl))
          : new Request(input.url.replace(httpsUrl, String(httpUrl)), input),
        init,
      );

    signedInAs = api.token.alice;
    Amplify.configure(
      {
        version: '1.4',
        auth: {
          aws_region: LOCAL_REGION,
          user_pool_id: LOCAL_USER_POOL_ID,
          user_pool_client_id: LOCAL_USER_POOL_CLIENT_ID,
        },
        data: {
          aws_region: LOCAL_REGION,
          url: `${httpsUrl}${SERVICE_PATHS.graphql}`,
          default_authorization_type: 'AMAZON_COGNITO_USER_POOLS',
          authorization_types: ['AWS_IAM'],
          model_introspection: api.appsync.modelIntrospection as never,
        },
      },
      {
        Auth: {
          tokenProvider: {
            getTokens: async () => ({ accessToken: asJwt(signedInAs), idToken: asJwt(signedInAs) }),
          },
        },
      },
    );
  });
  afterAll(async () => {
    globalThis.fetch = realFetch;
    await api?.close();
    await database?.stop();
  });

  const client = () => generateClient<Schema>();

  it('given customer A, when the client gets their order, then the model comes back', async () => {
    const [order] = api.alice.orders;
    const { data, errors } = await client().models.Order.get({ id: order?.id as string });
    expect(errors).toBeUndefined();
    expect(data).toMatchObject({ id: order?.id, owner_sub: api.alice.sub, status: 'PENDING' });
  });

  it('given customer A, when the client lists orders with a filter and a limit, then only theirs come', async () => {
    const { data, nextToken } = await client().models.Order.list({
      filter: { status: { eq: 'PENDING' } },
      limit: 1,
    });
    expect(data.map((order) => order.owner_sub)).toEqual([api.alice.sub]);
    expect(nextToken).toEqual(expect.any(String));
  });

  it("given customer A, when the client gets B's order, then the errors carry AppSync's Unauthorized", async () => {
    const { data, errors } = await client().models.Order.get({ id: api.bob.orders[0]?.id as string });
    expect(data).toBeNull();
    expect(errors?.[0]).toMatchObject({ errorType: 'Unauthorized' });
  });

  it('given customer A subscribed through the client, when their order event is published, then it arrives', async () => {
    const received = new Promise<Schema['OrderEventMessage']['type']>((resolve, reject) => {
      const subscription = client()
        .subscriptions.onOrderEvent()
        .subscribe({
          next: (event) => {
            subscription.unsubscribe();
            resolve(event);
          },
          error: reject,
        });
    });
    // The client reports no start_ack to its caller, so publish until one event gets through.
    const published: string[] = [];
    let arrived: Schema['OrderEventMessage']['type'] | undefined;
    void received.then((event) => {
      arrived = event;
    });
    while (!arrived) {
      const eventId = randomUUID();
      published.push(eventId);
      await api.appsync.publishOrderEvent({
        eventId,
        orderId: api.alice.orders[0]?.id,
        ownerSub: api.alice.sub,
        type: 'ORDER_STATUS_CHANGED',
        fromStatus: 'PENDING',
        toStatus: 'CONFIRMED',
        orderVersion: 2,
        occurredAt: new Date().toISOString(),
      });
      await Promise.race([received, new Promise((resolve) => setTimeout(resolve, 100))]);
    }
    const event = await received;
    expect(published).toContain(event.eventId);
    expect(event).toMatchObject({ ownerSub: api.alice.sub, toStatus: 'CONFIRMED', fromStatus: 'PENDING' });
  });
});
