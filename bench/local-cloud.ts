import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import pg from 'pg';
import { createOrder, listOrdersForOwner } from '../db/orders-repository.ts';
import { createScratchDatabase } from '../db/scratch-database.ts';
import { seedOrders } from '../db/seed.ts';
import { LOCAL_REGION, LOCAL_USER_POOL_CLIENT_ID, SERVICE_PATHS } from '../local-cloud/config.ts';
import { DEMO_CUSTOMERS } from '../local-cloud/demo-accounts.ts';
import { loadFunction } from '../local-cloud/lambda/local-lambda.ts';
import { type LocalCloud, startLocalCloud } from '../local-cloud/local-cloud.ts';
import { apiEvent } from '../tests/support/api-events.ts';
import type { BenchOwner, ClientCommand, ClientReply, HistoryRead } from './lib/client-protocol.ts';
import { closedLoop, type LoadResult } from './lib/closed-loop.ts';
import { processesCpuMs } from './lib/process-cpu.ts';
import { summarize } from './lib/stats.ts';
import { printTable } from './lib/table.ts';

/**
 * `npm run bench`: the local cloud (`npm start`'s, in this process) on the real PostgreSQL server,
 * driven by clients in a process of their own (bench/local-cloud-clients.ts), in one run:
 *  1. create-order throughput and p99 through the HTTP API (TLS, JWT authorizer, the real handler,
 *     credentials from the local Secrets Manager), against the handler invoked in-process and the
 *     repository's transaction alone;
 *  2. "My orders" end to end (token to JSON): the first and the 50th page of a customer's history
 *     through the HTTP API, against the SQL-model list through AppSync that it replaces;
 *  3. realtime latency, command sent -> event at each subscribed client (wss, AppSync protocol),
 *     with 1, 100 and 1,000 subscriptions spread over several owners, each subscribed as its owner,
 *     against the same delivery with the event put on the bus directly.
 * A scratch database is created on BENCH_DATABASE_URL, else TEST_DATABASE_URL, else
 * postgres://postgres@127.0.0.1:5432/test, and dropped at the end. No timing is asserted anywhere:
 * the goals are printed as met or missed.
 */
const SERVER_URL =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/test';
const OWNERS = 10;
const SUBSCRIPTION_LEVELS = [1, 100, 1000];
const REALTIME_COMMANDS = Number(process.env.BENCH_REALTIME_COMMANDS ?? 40);
const ORDERS = Number(process.env.BENCH_ORDERS ?? 3000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const HISTORY_ORDERS = Number(process.env.BENCH_HISTORY_ORDERS ?? 5_000);
const HISTORY_OTHER_ORDERS = Number(process.env.BENCH_HISTORY_OTHER_ORDERS ?? 100_000);
const HISTORY_REQUESTS = Number(process.env.BENCH_HISTORY_REQUESTS ?? 300);
const HISTORY_PAGE_SIZE = 20;
const GOALS = {
  realtimeP95Ms: 100,
  realtimeAtSubscriptions: 100,
  ordersPerSecond: 500,
  orderP99Ms: 50,
  historyP50Ms: 10,
  historyP99Ms: 30,
};

const ms = (value: number) => `${value.toFixed(1)} ms`;
const perSecond = (count: number, elapsedMs: number) => count / (elapsedMs / 1000);
const machine = () =>
  `${cpus().length} cores, load average ${loadavg()
    .map((load) => load.toFixed(2))
    .join(' ')}`;

interface Clients {
  ask(command: ClientCommand): Promise<ClientReply>;
  child: ChildProcess;
}

/** The clients' process, one command at a time. */
function startClients(): Clients {
  const child = fork(new URL('./local-cloud-clients.ts', import.meta.url));
  return {
    child,
    ask: (command) =>
      new Promise((resolve, reject) => {
        child.once('message', (reply: ClientReply) =>
          reply.kind === 'failed' ? reject(new Error(reply.message)) : resolve(reply),
        );
        child.send(command);
      }),
  };
}

/** One realtime run of the clients: every delivery's latency, summarized. */
async function deliveries(clients: Clients, via: 'api' | 'bus') {
  const reply = await clients.ask({ kind: 'realtime', commands: REALTIME_COMMANDS, via });
  if (reply.kind !== 'realtime') throw new Error(`unexpected reply ${reply.kind}`);
  return { ...reply.result, summary: summarize(reply.result.latencies) };
}

/** The demo customers and new ones signed up through the local Cognito, with access tokens. */
async function benchOwners(cloud: LocalCloud, count: number): Promise<BenchOwner[]> {
  const cognito = new CognitoIdentityProviderClient({
    region: LOCAL_REGION,
    endpoint: `${cloud.internalUrl}${SERVICE_PATHS.cognito}`,
  });
  const accounts = DEMO_CUSTOMERS.map(({ email, password }) => ({ email, password }));
  while (accounts.length < count) {
    const account = {
      email: `bench-${randomUUID()}@example.com`,
      password: `bench password ${randomUUID()}`,
    };
    await cognito.send(
      new SignUpCommand({
        ClientId: LOCAL_USER_POOL_CLIENT_ID,
        Username: account.email,
        Password: account.password,
      }),
    );
    await cognito.send(
      new ConfirmSignUpCommand({
        ClientId: LOCAL_USER_POOL_CLIENT_ID,
        Username: account.email,
        ConfirmationCode: cloud.mail.latestCode(account.email),
      }),
    );
    accounts.push(account);
  }
  return Promise.all(
    accounts.map(async ({ email, password }) => {
      const { AuthenticationResult } = await cognito.send(
        new InitiateAuthCommand({
          ClientId: LOCAL_USER_POOL_CLIENT_ID,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: email, PASSWORD: password },
        }),
      );
      const accessToken = AuthenticationResult?.AccessToken ?? '';
      return { sub: String(decodeJwt(accessToken).sub), accessToken };
    }),
  );
}

/** Baseline 1: the same handler with the same claims, invoked in this process (no HTTP, no JWT). */
async function handlerInProcess(owners: BenchOwner[], productId: string): Promise<LoadResult> {
  const ordersApi = await loadFunction('orders-api');
  const claims = owners.map((owner) =>
    Object.fromEntries(
      Object.entries(decodeJwt(owner.accessToken)).map(([name, value]) => [name, String(value)]),
    ),
  );
  return closedLoop(ORDERS, CONCURRENCY, async (index) => {
    const event = apiEvent({
      method: 'POST',
      path: '/orders',
      headers: { 'idempotency-key': randomUUID() },
      body: orderRequest(productId),
      claims: claims[index % claims.length],
    });
    return ((await ordersApi(event)) as { statusCode: number }).statusCode === 201;
  });
}

/** Baseline 2: the repository's transaction alone, on a pool of the functions' size (no events). */
async function repositoryAlone(
  databaseUrl: string,
  owners: BenchOwner[],
  productId: string,
): Promise<LoadResult> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: Number(process.env.DB_POOL_MAX) });
  try {
    return await closedLoop(ORDERS, CONCURRENCY, async (index) => {
      const owner = owners[index % owners.length] as BenchOwner;
      await createOrder(pool, {
        customer: { sub: owner.sub, email: 'bench@example.com' },
        idempotencyKey: randomUUID(),
        request: orderRequest(productId),
      });
      return true;
    });
  } finally {
    await pool.end();
  }
}

/**
 * The CPU time that `run` cost this process (the local cloud, on one event loop), the PostgreSQL
 * server's processes (when the server runs on this machine) and the clients' process (when they ran it).
 */
async function withCpuTime(run: () => Promise<LoadResult & { cpuMs?: number }>) {
  const cloudBefore = process.cpuUsage();
  const postgresBefore = processesCpuMs('postgres');
  const { cpuMs: clientsMs, ...result } = await run();
  const { user, system } = process.cpuUsage(cloudBefore);
  const postgresAfter = processesCpuMs('postgres');
  const postgresMs =
    postgresBefore === undefined || postgresAfter === undefined ? undefined : postgresAfter - postgresBefore;
  return { ...result, cpu: { cloudMs: (user + system) / 1000, clientsMs, postgresMs } };
}

/**
 * "My orders": one customer with HISTORY_ORDERS orders among HISTORY_OTHER_ORDERS of other
 * customers' (and the create-order run's), read through the HTTP API page by page, against the
 * SQL-model list through AppSync that the SPA used before (by primary key, so it read everything
 * and sorted in the browser).
 */
async function benchHistory(clients: Clients, databaseUrl: string, owners: BenchOwner[]) {
  const customer = owners[0] as BenchOwner;
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  let query: { first: string; page50: string; shipped: string };
  let sizes: { table: number; customer: number };
  try {
    await seedOrders(pool, {
      orders: HISTORY_ORDERS,
      owners: [{ sub: customer.sub, email: 'history@example.com' }],
    });
    await seedOrders(pool, { orders: HISTORY_OTHER_ORDERS });
    await pool.query('ANALYZE orders');
    let cursor: string | null = null;
    for (let page = 1; page < 50; page++) {
      cursor = (await listOrdersForOwner(pool, { ownerSub: customer.sub, limit: HISTORY_PAGE_SIZE, cursor }))
        .nextCursor;
    }
    if (!cursor) throw new Error('the customer has fewer than 50 pages of orders');
    const { rows } = await pool.query(
      'SELECT count(*)::int AS total, count(*) FILTER (WHERE owner_sub = $1)::int AS mine FROM orders',
      [customer.sub],
    );
    sizes = { table: rows[0].total, customer: rows[0].mine };
    query = {
      first: `limit=${HISTORY_PAGE_SIZE}`,
      page50: `limit=${HISTORY_PAGE_SIZE}&cursor=${cursor}`,
      shipped: `limit=${HISTORY_PAGE_SIZE}&status=SHIPPED`,
    };
  } finally {
    await pool.end();
  }
  const read = async (requests: number, historyRead: HistoryRead) => {
    await clients.ask({ kind: 'history', owner: 0, requests: Math.min(20, requests), read: historyRead });
    const reply = await clients.ask({ kind: 'history', owner: 0, requests, read: historyRead });
    if (reply.kind !== 'history') throw new Error(`unexpected reply ${reply.kind}`);
    return { ...reply.result, summary: summarize(reply.result.latencies) };
  };
  const spaReads = Math.max(5, Math.floor(HISTORY_REQUESTS / 20));
  const rows = [
    {
      path: 'GET /api/orders, first page',
      ...(await read(HISTORY_REQUESTS, { via: 'http-api', query: query.first })),
    },
    {
      path: 'GET /api/orders, page 50 (keyset)',
      ...(await read(HISTORY_REQUESTS, { via: 'http-api', query: query.page50 })),
    },
    {
      path: 'GET /api/orders, first SHIPPED page',
      ...(await read(HISTORY_REQUESTS, { via: 'http-api', query: query.shipped })),
    },
    {
      path: 'baseline: SQL-model list, one page (by UUID, unsorted)',
      ...(await read(HISTORY_REQUESTS, {
        via: 'sql-model',
        pageSize: HISTORY_PAGE_SIZE,
        maxRows: HISTORY_PAGE_SIZE,
      })),
    },
    {
      path: 'baseline: SQL-model list as the SPA read it (100s up to 2,000, sorted here)',
      ...(await read(spaReads, { via: 'sql-model', pageSize: 100, maxRows: 2_000 })),
    },
  ];
  console.log(
    `
"My orders" end to end (HTTPS, token to JSON), one request at a time: a customer with ${sizes.customer.toLocaleString('en')} of ${sizes.table.toLocaleString('en')} orders`,
  );
  printTable([
    ['read', 'requests', 'p50', 'p95', 'p99', 'rows per read', 'HTTP requests per read'],
    ...rows.map((row) => [
      row.path,
      row.summary.samples,
      ms(row.summary.p50),
      ms(row.summary.p95),
      ms(row.summary.p99),
      row.rows,
      row.requests,
    ]),
  ]);
  const goalRows = rows.slice(0, 2);
  const met = goalRows.every(
    (row) => row.summary.p50 <= GOALS.historyP50Ms && row.summary.p99 <= GOALS.historyP99Ms,
  );
  console.log(
    `  goal p50 <= ${GOALS.historyP50Ms} ms and p99 <= ${GOALS.historyP99Ms} ms for the first and the 50th page: ${met ? 'met' : 'MISSED'}`,
  );
}

const orderRequest = (productId: string) => ({
  currency: 'USD' as const,
  items: [{ productId, quantity: 1 }],
});

const stateDir = mkdtempSync(join(tmpdir(), 'so-bench-cloud-'));
const scratch = await createScratchDatabase(SERVER_URL, 'so_bench');
let cloud: LocalCloud | undefined;
let clients: Clients | undefined;
try {
  console.log(`\nnpm run bench on ${machine()} (shared with other work: figures are noisy)`);
  cloud = await startLocalCloud({
    stateDir,
    httpsPort: 0,
    httpPort: 0,
    databasePort: 0,
    databaseUrl: scratch.url,
    // The bench drives hundreds of orders per second: the deployed stage's 50/s would measure only itself.
    httpApiThrottle: false,
    log: () => {},
  });
  const database = new pg.Client({ connectionString: scratch.url });
  await database.connect();
  const productId = String((await database.query('SELECT id FROM products ORDER BY id LIMIT 1')).rows[0].id);
  await database.end();
  const owners = await benchOwners(cloud, OWNERS);
  clients = startClients();
  await clients.ask({
    kind: 'setup',
    origin: cloud.origin,
    internalUrl: cloud.internalUrl,
    publisherCredentials: cloud.functionCredentials['outbox-relay'],
    caCert: cloud.caCert,
    owners,
    productId,
    busName: String(process.env.ORDER_EVENT_BUS_NAME),
  });

  // 1. Throughput, with no subscriptions open (the realtime part measures those).
  const warmup = Math.min(300, ORDERS);
  await clients.ask({ kind: 'throughput', orders: warmup, concurrency: CONCURRENCY });
  const throughputRows = [
    {
      path: 'HTTPS -> JWT authorizer -> handler',
      ...(await withCpuTime(async () => {
        const reply = await clients?.ask({ kind: 'throughput', orders: ORDERS, concurrency: CONCURRENCY });
        if (reply?.kind !== 'throughput') throw new Error('unexpected reply');
        return reply.result;
      })),
    },
    {
      path: 'baseline: handler in-process',
      ...(await withCpuTime(() => handlerInProcess(owners, productId))),
    },
    {
      path: 'baseline: repository transaction only',
      ...(await withCpuTime(() => repositoryAlone(scratch.url, owners, productId))),
    },
  ].map((row) => ({ ...row, summary: summarize(row.latencies), rate: perSecond(ORDERS, row.elapsedMs) }));
  console.log(
    `\ncreate-order on PostgreSQL (${ORDERS} orders, ${CONCURRENCY} at a time, after ${warmup} warm-up)`,
  );
  const perOrder = (cpuMs: number | undefined) => (cpuMs === undefined ? '—' : ms(cpuMs / ORDERS));
  printTable([
    ['path', 'orders/s', 'p50', 'p95', 'p99', 'failures', 'CPU/order: local cloud', 'clients', 'PostgreSQL'],
    ...throughputRows.map((row) => [
      row.path,
      row.rate.toFixed(0),
      ms(row.summary.p50),
      ms(row.summary.p95),
      ms(row.summary.p99),
      row.failures,
      perOrder(row.cpu.cloudMs),
      perOrder(row.cpu.clientsMs),
      perOrder(row.cpu.postgresMs),
    ]),
  ]);
  const [http] = throughputRows as [(typeof throughputRows)[number]];
  const throughputMet = http.rate >= GOALS.ordersPerSecond && http.summary.p99 < GOALS.orderP99Ms;
  console.log(
    `  goal >= ${GOALS.ordersPerSecond} orders/s with p99 < ${GOALS.orderP99Ms} ms through the HTTP API: ${throughputMet ? 'met' : 'MISSED'}`,
  );
  // What the machine could do at best: its cores' CPU time per second over the CPU one order costs.
  const httpCpuMs = http.cpu.cloudMs + (http.cpu.clientsMs ?? 0) + (http.cpu.postgresMs ?? 0);
  console.log(
    `  CPU per order through the HTTP API, all processes: ${ms(httpCpuMs / ORDERS)}; with all ${cpus().length} cores and nothing else running, at most ${((cpus().length * 1000 * ORDERS) / httpCpuMs).toFixed(0)} orders/s; the local cloud's one event loop alone caps it at ${((1000 * ORDERS) / http.cpu.cloudMs).toFixed(0)}`,
  );

  await benchHistory(clients, scratch.url, owners);

  // 3. Realtime latency at each subscription level, through the API and straight onto the bus.
  console.log(
    `\nrealtime: command sent -> event at each subscribed client; ${REALTIME_COMMANDS} commands per path, one at a time, ${OWNERS} owners`,
  );
  const realtimeRows: (string | number)[][] = [
    [
      'subscriptions',
      'deliveries',
      'HTTP API p50 / p95',
      'baseline: PutEvents to the bus p50 / p95',
      'missing',
      'cross-owner',
    ],
  ];
  let p95AtGoalLevel = Number.NaN;
  for (const total of SUBSCRIPTION_LEVELS) {
    await clients.ask({ kind: 'subscribe', total });
    const api = await deliveries(clients, 'api');
    const bus = await deliveries(clients, 'bus');
    if (total === GOALS.realtimeAtSubscriptions) p95AtGoalLevel = api.summary.p95;
    realtimeRows.push([
      total,
      api.summary.samples,
      `${ms(api.summary.p50)} / ${ms(api.summary.p95)}`,
      `${ms(bus.summary.p50)} / ${ms(bus.summary.p95)}`,
      api.missing + bus.missing,
      api.crossOwner + bus.crossOwner,
    ]);
  }
  printTable(realtimeRows);
  console.log(
    `  goal p95 < ${GOALS.realtimeP95Ms} ms at ${GOALS.realtimeAtSubscriptions} subscriptions: ${p95AtGoalLevel < GOALS.realtimeP95Ms ? 'met' : 'MISSED'} (${ms(p95AtGoalLevel)})`,
  );
  console.log(`\nafter the run: ${machine()}`);
} finally {
  clients?.child.kill();
  await cloud?.stop();
  await scratch.drop();
  rmSync(stateDir, { recursive: true, force: true });
}
