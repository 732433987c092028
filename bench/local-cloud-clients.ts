import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:https';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import WebSocket from 'ws';
import { ORDER_EVENT_DETAIL_TYPE, ORDER_EVENT_SOURCE, type OrderEventMessage } from '../core/order-events.ts';
import type {
  BenchOwner,
  ClientCommand,
  ClientReply,
  HistoryRead,
  RealtimeResult,
} from './lib/client-protocol.ts';
import { closedLoop } from './lib/closed-loop.ts';

/**
 * The clients of `npm run bench`, forked by bench/local-cloud.ts (see lib/client-protocol.ts):
 * subscribers speaking the AppSync realtime protocol over wss as aws-amplify does, and customers
 * placing orders over HTTPS with their access tokens, both against the local cloud's TLS origin.
 */
type Setup = Extract<ClientCommand, { kind: 'setup' }>;

const SUBSCRIPTION = `subscription { onOrderEvent { eventId orderId ownerSub type fromStatus toStatus orderVersion occurredAt } }`;
const DELIVERY_TIMEOUT_MS = 5_000;
const now = () => performance.now();

let setup: Setup;
let agent: Agent;
let eventBridge: EventBridgeClient;
const sockets: WebSocket[] = [];
const subscribersPerOwner = new Map<string, number>();
let crossOwner = 0;
/**
 * Arrival times of each order's events during one realtime command. Every order counts, since an
 * event can arrive before the 201 that names its order.
 */
const arrivals = new Map<string, number[]>();
let arrived: (() => void) | undefined;

function authorization(owner: BenchOwner) {
  return { Authorization: owner.accessToken, host: new URL(setup.origin).host };
}

/** One browser tab: a connection with one subscription to onOrderEvent, as `owner`. */
async function subscribe(owner: BenchOwner): Promise<void> {
  const header = Buffer.from(JSON.stringify(authorization(owner))).toString('base64url');
  const socket = new WebSocket(
    `${setup.origin.replace('https:', 'wss:')}/graphql/realtime`,
    ['graphql-ws', `header-${header}`],
    { ca: setup.caCert },
  );
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.on('error', reject);
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init' })));
    socket.on('message', (raw) => {
      const message = JSON.parse(String(raw));
      if (message.type === 'connection_ack') {
        socket.send(
          JSON.stringify({
            id: randomUUID(),
            type: 'start',
            payload: {
              data: JSON.stringify({ query: SUBSCRIPTION, variables: {} }),
              extensions: { authorization: authorization(owner) },
            },
          }),
        );
      } else if (message.type === 'start_ack') {
        resolve();
      } else if (message.type === 'data') {
        const event = message.payload.data.onOrderEvent as OrderEventMessage;
        if (event.ownerSub !== owner.sub) crossOwner += 1;
        const arrivedAt = now();
        const times = arrivals.get(event.orderId);
        if (times) times.push(arrivedAt);
        else arrivals.set(event.orderId, [arrivedAt]);
        arrived?.();
      } else if (message.type === 'error' || message.type === 'connection_error') {
        reject(new Error(JSON.stringify(message.payload)));
      }
    });
  });
  subscribersPerOwner.set(owner.sub, (subscribersPerOwner.get(owner.sub) ?? 0) + 1);
}

/** One HTTPS request on the keep-alive agent, against the TLS origin; resolves status and body. */
function send(
  method: 'GET' | 'POST',
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const call = request(
      `${setup.origin}${path}`,
      {
        method,
        agent,
        headers: {
          ...headers,
          ...(body !== undefined && { 'content-length': String(Buffer.byteLength(body)) }),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, text: String(Buffer.concat(chunks)) }),
        );
      },
    );
    call.on('error', reject);
    call.end(body);
  });
}

/** POST /api/orders, as the SPA sends it. */
async function placeOrder(owner: BenchOwner): Promise<{ status: number; orderId?: string }> {
  const { status, text } = await send(
    'POST',
    '/api/orders',
    {
      authorization: `Bearer ${owner.accessToken}`,
      'content-type': 'application/json',
      'idempotency-key': randomUUID(),
    },
    JSON.stringify({ currency: 'USD', items: [{ productId: setup.productId, quantity: 1 }] }),
  );
  return { status, orderId: status === 201 ? JSON.parse(text).id : undefined };
}

const LIST_ORDERS = `query ($limit: Int, $nextToken: String) { listOrders(limit: $limit, nextToken: $nextToken) {
  items { id owner_sub owner_email status currency total_amount item_count version created_at updated_at } nextToken } }`;

/** One read of a customer's orders (see HistoryRead): the rows it returned and the requests it took. */
async function readHistory(
  owner: BenchOwner,
  read: HistoryRead,
): Promise<{ rows: number; requests: number }> {
  if (read.via === 'http-api') {
    const { status, text } = await send('GET', `/api/orders?${read.query}`, {
      authorization: `Bearer ${owner.accessToken}`,
    });
    if (status !== 200) throw new Error(`GET /api/orders answered ${status}: ${text}`);
    return { rows: (JSON.parse(text) as { items: unknown[] }).items.length, requests: 1 };
  }
  const rows: { created_at: string }[] = [];
  let nextToken: string | null = null;
  let requests = 0;
  do {
    const { status, text } = await send(
      'POST',
      '/graphql',
      { authorization: owner.accessToken, 'content-type': 'application/json' },
      JSON.stringify({ query: LIST_ORDERS, variables: { limit: read.pageSize, nextToken } }),
    );
    requests += 1;
    const answer = JSON.parse(text) as {
      data?: { listOrders: { items: { created_at: string }[]; nextToken: string | null } };
      errors?: unknown[];
    };
    if (status !== 200 || answer.errors || !answer.data)
      throw new Error(`listOrders answered ${status}: ${text}`);
    rows.push(...answer.data.listOrders.items);
    nextToken = answer.data.listOrders.nextToken;
  } while (nextToken && rows.length < read.maxRows);
  rows.sort((a, b) => b.created_at.localeCompare(a.created_at));
  return { rows: rows.length, requests };
}

/** The baseline's command: the event as the handler would publish it, put straight on the bus. */
async function putOrderEvent(owner: BenchOwner, orderId: string): Promise<void> {
  const message: OrderEventMessage = {
    eventId: randomUUID(),
    orderId,
    ownerSub: owner.sub,
    type: 'ORDER_PLACED',
    fromStatus: null,
    toStatus: 'PENDING',
    orderVersion: 1,
    occurredAt: new Date().toISOString(),
  };
  const { FailedEntryCount } = await eventBridge.send(
    new PutEventsCommand({
      Entries: [
        {
          EventBusName: setup.busName,
          Source: ORDER_EVENT_SOURCE,
          DetailType: ORDER_EVENT_DETAIL_TYPE,
          Detail: JSON.stringify(message),
        },
      ],
    }),
  );
  if (FailedEntryCount) throw new Error('The bus refused the event');
}

async function waitForDeliveries(orderId: string, expected: number): Promise<number[]> {
  const deadline = now() + DELIVERY_TIMEOUT_MS;
  while ((arrivals.get(orderId)?.length ?? 0) < expected && now() < deadline) {
    await new Promise<void>((resolve) => {
      arrived = resolve;
      setTimeout(resolve, 50);
    });
  }
  return arrivals.get(orderId) ?? [];
}

async function measureRealtime(commands: number, via: 'api' | 'bus'): Promise<RealtimeResult> {
  const owners = setup.owners.filter((owner) => subscribersPerOwner.has(owner.sub));
  const latencies: number[] = [];
  let missing = 0;
  crossOwner = 0;
  for (let index = 0; index < commands; index++) {
    const owner = owners[index % owners.length] as BenchOwner;
    const expected = subscribersPerOwner.get(owner.sub) ?? 0;
    arrivals.clear();
    const sentAt = now();
    let orderId: string;
    if (via === 'bus') {
      orderId = randomUUID();
      await putOrderEvent(owner, orderId);
    } else {
      const placed = await placeOrder(owner);
      if (placed.status !== 201 || !placed.orderId) throw new Error(`create-order answered ${placed.status}`);
      orderId = placed.orderId;
    }
    const times = await waitForDeliveries(orderId, expected);
    latencies.push(...times.map((time) => time - sentAt));
    missing += Math.max(0, expected - times.length);
  }
  return { latencies, missing, crossOwner };
}

async function run(command: ClientCommand): Promise<ClientReply> {
  switch (command.kind) {
    case 'setup':
      setup = command;
      agent = new Agent({ keepAlive: true, ca: command.caCert, maxSockets: 256 });
      eventBridge = new EventBridgeClient({
        region: 'eu-west-1',
        endpoint: `${command.internalUrl}/events`,
        credentials: command.publisherCredentials,
      });
      return { kind: 'ready' };
    case 'subscribe':
      // In batches: a thousand TLS handshakes at once would time out on a busy 2-core machine.
      while (sockets.length < command.total) {
        const first = sockets.length;
        const batch = Math.min(50, command.total - first);
        await Promise.all(
          Array.from({ length: batch }, (_, offset) =>
            subscribe(setup.owners[(first + offset) % setup.owners.length] as BenchOwner),
          ),
        );
      }
      return { kind: 'subscribed', total: sockets.length };
    case 'realtime':
      return { kind: 'realtime', result: await measureRealtime(command.commands, command.via) };
    case 'history': {
      const owner = setup.owners[command.owner] as BenchOwner;
      let last = { rows: 0, requests: 0 };
      const result = await closedLoop(command.requests, 1, async () => {
        last = await readHistory(owner, command.read);
        return true;
      });
      return { kind: 'history', result: { ...result, ...last } };
    }
    case 'throughput': {
      const cpuBefore = process.cpuUsage();
      const result = await closedLoop(command.orders, command.concurrency, async (index) => {
        const owner = setup.owners[index % setup.owners.length] as BenchOwner;
        return (await placeOrder(owner)).status === 201;
      });
      const { user, system } = process.cpuUsage(cpuBefore);
      return { kind: 'throughput', result: { ...result, cpuMs: (user + system) / 1000 } };
    }
  }
}

process.on('message', (command: ClientCommand) => {
  run(command).then(
    (reply) => process.send?.(reply),
    (error: unknown) => process.send?.({ kind: 'failed', message: String((error as Error).stack ?? error) }),
  );
});
