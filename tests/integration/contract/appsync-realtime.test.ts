import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { assumedRoleCaller } from '../../../local-cloud/appsync/identity.ts';
import { SERVICE_PATHS } from '../../../local-cloud/config.ts';
import { databaseTargets, type TestDatabase } from '../../support/databases.ts';
import { type AppSyncHarness, startAppSync } from './appsync-harness.ts';

// The realtime endpoint with a raw WebSocket client speaking AppSync's protocol, and the per-caller
// filtering that amplify/data/on-order-event.js sets, run as-is.

const ON_ORDER_EVENT = 'subscription { onOrderEvent { eventId orderId ownerSub toStatus } }';
type Message = { type: string; id?: string; payload?: { data?: { onOrderEvent?: Record<string, unknown> } } };
const deliveredEvent = (message: Message) => message.payload?.data?.onOrderEvent ?? {};

/** A realtime client: every message it receives, and a way to wait for the next of a type. */
async function connect(api: AppSyncHarness, authorization: string) {
  const header = Buffer.from(JSON.stringify({ Authorization: authorization, host: '127.0.0.1' })).toString(
    'base64url',
  );
  const url = `${api.host.httpsUrl.replace('https', 'wss')}${SERVICE_PATHS.graphql}/realtime`;
  const socket = new WebSocket(url, ['graphql-ws', `header-${header}`], { ca: api.tls.caCert });
  const received: Message[] = [];
  const waiters: Array<() => void> = [];
  socket.on('message', (data) => {
    received.push(JSON.parse(String(data)));
    for (const wake of waiters.splice(0)) wake();
  });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));

  async function next(type: string, id?: string): Promise<Message> {
    for (;;) {
      const index = received.findIndex((message) => message.type === type && (!id || message.id === id));
      if (index >= 0) return received.splice(index, 1)[0] as Message;
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  }
  const send = (message: object) => socket.send(JSON.stringify(message));
  return {
    socket,
    received,
    next,
    send,
    async init() {
      send({ type: 'connection_init' });
      return next('connection_ack');
    },
    async subscribe(query = ON_ORDER_EVENT, token = authorization) {
      const id = randomUUID();
      send({
        type: 'start',
        id,
        payload: {
          data: JSON.stringify({ query, variables: {} }),
          extensions: { authorization: { Authorization: token, host: '127.0.0.1' } },
        },
      });
      return { id, outcome: await Promise.race([next('start_ack', id), next('error', id)]) };
    },
  };
}
type Client = Awaited<ReturnType<typeof connect>>;

const eventFor = (owner: { sub: string; orders: Array<{ id: string }> }) => ({
  eventId: randomUUID(),
  orderId: owner.orders[0]?.id,
  ownerSub: owner.sub,
  type: 'ORDER_STATUS_CHANGED',
  fromStatus: 'PENDING',
  toStatus: 'CONFIRMED',
  orderVersion: 2,
  occurredAt: new Date().toISOString(),
});

describe.each(databaseTargets())('local AppSync realtime on the $name database', (target) => {
  let database: TestDatabase;
  let api: AppSyncHarness;
  const clients: Client[] = [];
  const open = async (token: string) => {
    const client = await connect(api, token);
    clients.push(client);
    return client;
  };
  /** Publishes as the EventBridge target does, then a marker event to A that every A/admin subscriber gets. */
  const publishThenSettle = async (
    event: ReturnType<typeof eventFor>,
    ...listeners: Array<[Client, string]>
  ) => {
    expect((await api.appsync.publishOrderEvent(event)).errors).toBeUndefined();
    const marker = eventFor(api.alice);
    await api.appsync.publishOrderEvent(marker);
    for (const [client, id] of listeners) {
      while (deliveredEvent(await client.next('data', id)).eventId !== marker.eventId);
    }
  };

  beforeAll(async () => {
    database = await target.start();
    api = await startAppSync(database, { keepAliveIntervalMs: 50 });
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.socket.close();
  });
  afterAll(async () => {
    await api?.close();
    await database?.stop();
  });

  describe('handshake', () => {
    it('given the graphql-ws subprotocol and a valid header, when the socket opens, then graphql-ws is chosen', async () => {
      const client = await open(api.token.alice);
      expect(client.socket.protocol).toBe('graphql-ws');
    });

    it('given connection_init, when the server answers, then connection_ack carries connectionTimeoutMs', async () => {
      const client = await open(api.token.alice);
      expect(await client.init()).toEqual({
        type: 'connection_ack',
        payload: { connectionTimeoutMs: 300_000 },
      });
    });

    it('given an acknowledged connection, when time passes, then ka keep-alives arrive', async () => {
      const client = await open(api.token.alice);
      await client.init();
      await client.next('ka');
      expect(await client.next('ka')).toEqual({ type: 'ka' });
    });

    it('given a bad token in the header, when connection_init is sent, then connection_error UnauthorizedException', async () => {
      const client = await open('not-a-token');
      client.send({ type: 'connection_init' });
      expect(await client.next('connection_error')).toEqual({
        type: 'connection_error',
        payload: {
          errors: [
            {
              errorType: 'UnauthorizedException',
              message: 'Valid authorization header not provided.',
              errorCode: 401,
            },
          ],
        },
      });
    });
  });

  describe('subscriptions', () => {
    it('given a customer, when they start onOrderEvent, then start_ack', async () => {
      const client = await open(api.token.alice);
      await client.init();
      const { id, outcome } = await client.subscribe();
      expect(outcome).toEqual({ type: 'start_ack', id });
    });

    it('given a bad token in the start message, when it is sent, then an error UnauthorizedException for that id', async () => {
      const client = await open(api.token.alice);
      await client.init();
      const { id, outcome } = await client.subscribe(ON_ORDER_EVENT, 'not-a-token');
      expect(outcome).toEqual({
        type: 'error',
        id,
        payload: {
          errors: [
            { errorType: 'UnauthorizedException', message: 'Valid authorization header not provided.' },
          ],
        },
      });
    });

    it('given an unknown field, when a subscription starts, then an error with the validation message', async () => {
      const client = await open(api.token.alice);
      await client.init();
      const { outcome } = await client.subscribe('subscription { onSomethingElse { id } }');
      expect(outcome.type).toBe('error');
      expect(JSON.stringify(outcome.payload)).toContain('onSomethingElse');
    });

    it("given customer A subscribed, when an event of A's order is published, then A receives only the selected fields", async () => {
      const client = await open(api.token.alice);
      await client.init();
      const { id } = await client.subscribe();
      const event = eventFor(api.alice);
      await api.appsync.publishOrderEvent(event);
      expect(await client.next('data', id)).toEqual({
        id,
        type: 'data',
        payload: {
          data: {
            onOrderEvent: {
              eventId: event.eventId,
              orderId: event.orderId,
              ownerSub: api.alice.sub,
              toStatus: 'CONFIRMED',
            },
          },
        },
      });
    });

    it("given customer B subscribed, when A's events are published, then B receives none of them", async () => {
      const bob = await open(api.token.bob);
      await bob.init();
      const bobSubscription = await bob.subscribe();
      const alice = await open(api.token.alice);
      await alice.init();
      const aliceSubscription = await alice.subscribe();

      await publishThenSettle(eventFor(api.alice), [alice, aliceSubscription.id]);
      const bobEvent = eventFor(api.bob);
      await api.appsync.publishOrderEvent(bobEvent);
      const delivered = await bob.next('data', bobSubscription.id);
      expect(deliveredEvent(delivered).eventId).toBe(bobEvent.eventId);
    });

    it('given an admin subscribed, when events of several owners are published, then the admin receives all', async () => {
      const admin = await open(api.token.admin);
      await admin.init();
      const { id } = await admin.subscribe();
      const events = [eventFor(api.alice), eventFor(api.bob)];
      for (const event of events) await api.appsync.publishOrderEvent(event);
      const received = [await admin.next('data', id), await admin.next('data', id)];
      expect(received.map((message) => deliveredEvent(message).ownerSub)).toEqual([
        api.alice.sub,
        api.bob.sub,
      ]);
    });

    it('given a subscription, when stop is sent, then complete, and later events are not delivered', async () => {
      const client = await open(api.token.alice);
      await client.init();
      const stopped = await client.subscribe();
      const live = await client.subscribe();
      client.send({ type: 'stop', id: stopped.id });
      expect(await client.next('complete', stopped.id)).toEqual({ type: 'complete', id: stopped.id });
      await publishThenSettle(eventFor(api.alice), [client, live.id]);
      expect(client.received.filter((message) => message.id === stopped.id)).toEqual([]);
    });
  });

  describe('publishOrderEvent through publish-order-event.js', () => {
    it('given an IAM role other than the publisher, when it publishes, then Unauthorized and nothing is delivered', async () => {
      const admin = await open(api.token.admin);
      await admin.init();
      const { id } = await admin.subscribe();
      const intruder = assumedRoleCaller({
        accountId: api.appsync.publisherCaller.identity.accountId,
        roleName: 'other',
      });
      const refused = await api.appsync.publishOrderEvent(eventFor(api.bob), intruder);
      expect(refused).toMatchObject({
        data: { publishOrderEvent: null },
        errors: [
          {
            errorType: 'Unauthorized',
            message: 'Not Authorized to access publishOrderEvent on type Mutation',
          },
        ],
      });
      await publishThenSettle(eventFor(api.alice), [admin, id]);
      expect(admin.received.filter((message) => message.type === 'data')).toEqual([]);
    });

    it('given the publisher role in another account, when it publishes, then Unauthorized', async () => {
      const { identity } = api.appsync.publisherCaller;
      const roleName = identity.userArn.split('/')[1] as string;
      const elsewhere = assumedRoleCaller({ accountId: '111111111111', roleName });
      const refused = await api.appsync.publishOrderEvent(eventFor(api.bob), elsewhere);
      expect(refused.errors?.[0]).toMatchObject({ errorType: 'Unauthorized' });
    });

    it('given the publisher role, when it publishes, then the mutation returns the published message', async () => {
      const event = eventFor(api.bob);
      expect(await api.appsync.publishOrderEvent(event)).toEqual({ data: { publishOrderEvent: event } });
    });
  });

  describe('onCatalogueEvent (public availability, every signed-in user)', () => {
    const ON_CATALOGUE_EVENT =
      'subscription { onCatalogueEvent { eventId productId type revision level availableWhenLow } }';
    const catalogueEvent = () => ({
      eventId: randomUUID(),
      productId: randomUUID(),
      type: 'AVAILABILITY_CHANGED',
      revision: 42,
      level: 'LOW_STOCK',
      availableWhenLow: 2,
      occurredAt: new Date().toISOString(),
    });

    it('given a customer subscribed, when the publisher publishes a catalogue event, then the customer receives it', async () => {
      const client = await open(api.token.bob);
      await client.init();
      const { id, outcome } = await client.subscribe(ON_CATALOGUE_EVENT);
      expect(outcome).toEqual({ type: 'start_ack', id });
      const event = catalogueEvent();
      expect((await api.appsync.publishCatalogueEvent(event)).errors).toBeUndefined();
      const message = (await client.next('data', id)) as { payload?: { data?: Record<string, unknown> } };
      const { occurredAt: _, ...selected } = event;
      expect(message.payload?.data?.onCatalogueEvent).toEqual(selected);
    });

    it('given an IAM role other than the publisher, when it publishes a catalogue event, then Unauthorized', async () => {
      const intruder = assumedRoleCaller({
        accountId: api.appsync.publisherCaller.identity.accountId,
        roleName: 'other',
      });
      const refused = await api.appsync.publishCatalogueEvent(catalogueEvent(), intruder);
      expect(refused.errors?.[0]).toMatchObject({
        errorType: 'Unauthorized',
        message: 'Not Authorized to access publishCatalogueEvent on type Mutation',
      });
    });
  });
});
