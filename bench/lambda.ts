import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { migrate } from '../db/migrate.ts';
import { createOrder } from '../db/orders-repository.ts';
import { createScratchDatabase } from '../db/scratch-database.ts';
import { seedCatalogue, seedOrders } from '../db/seed.ts';
import { APP_CLIENT_ID } from '../tests/support/api-events.ts';
import { FUNCTION_CONFIG } from '../tests/support/function-config.ts';
import { type Bundle, buildBundles, type HandlerName } from './lambda-bundles.ts';
import { startLocalAwsEndpoint } from './lambda-local-aws.ts';
import { exportBaseline } from './lib/baseline-source.ts';
import { summarize } from './lib/stats.ts';
import { printTable } from './lib/table.ts';

/**
 * `npm run bench:lambda`: the Lambda handlers as deployed (esbuild bundles), each figure beside
 * the same figure of the baseline commit (BENCH_BASELINE_REF: the code before the performance
 * round of issue 16, exported from git and bundled in this run):
 *  1. each bundle's size and the time to import it in a fresh process, next to an empty handler's;
 *  2. the first request after import: import + one create-order against PostgreSQL, in fresh
 *     processes, next to a minimal pg-only handler doing the same inserts;
 *  3. create-order throughput in one process: the orders API handler against the repository's
 *     transaction alone, and against the transaction plus the event publication the handler also
 *     does (what the adapter itself costs);
 *  4. the report over 1,000 and 1,000,000 orders: duration and peak memory (RSS) of the bundle.
 * AWS calls go to a local endpoint (AWS_ENDPOINT_URL). Needs PostgreSQL: BENCH_DATABASE_URL, else
 * TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test; a scratch database is created
 * and dropped. REPORT_ORDERS sets the large report's size (0 skips it).
 */
const SERVER_URL =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/test';
const BASELINE_REF = process.env.BENCH_BASELINE_REF ?? 'ada515b0c4d1b34b061292ae373871aa15f8fe8b';
const IMPORT_RUNS = Number(process.env.IMPORT_RUNS ?? 9);
const FIRST_REQUEST_RUNS = Number(process.env.FIRST_REQUEST_RUNS ?? 7);
const CREATE_ORDERS = Number(process.env.CREATE_ORDERS ?? 2000);
const LARGE_REPORT_ORDERS = Number(process.env.REPORT_ORDERS ?? 1_000_000);
const GOALS = { importVsEmpty: 5, bundleKb: 500, handlerVsRepository: 0.7, reportMs: 5000, reportRssMb: 120 };

const run = promisify(execFile);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value: number) => `${value.toFixed(1)} ms`;
const median = (samples: number[]) => summarize(samples).p50;
const met = (ok: boolean) => (ok ? 'met' : 'MISSED');

const awsEnv = (endpoint: string) => ({
  ...FUNCTION_CONFIG,
  AWS_REGION: 'eu-west-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_ENDPOINT_URL: endpoint,
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  POWERTOOLS_METRICS_DISABLED: 'true',
});

/** Runs an ES module script in a fresh Node process and parses the JSON it prints. */
async function inFreshProcess<T>(script: string, env: NodeJS.ProcessEnv): Promise<T> {
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, ...env },
    maxBuffer: 1024 * 1024,
  });
  return JSON.parse(stdout) as T;
}

function orderEvent(productId: string) {
  const key = `bench-${randomBytes(8).toString('hex')}`;
  return {
    version: '2.0',
    routeKey: 'POST /orders',
    rawPath: '/orders',
    rawQueryString: '',
    headers: { host: 'api.example.com', 'content-type': 'application/json', 'idempotency-key': key },
    requestContext: {
      requestId: key,
      domainName: 'api.example.com',
      http: {
        method: 'POST',
        path: '/orders',
        protocol: 'HTTP/1.1',
        sourceIp: '192.0.2.1',
        userAgent: 'bench',
      },
      authorizer: {
        jwt: {
          claims: {
            sub: 'bench-customer',
            token_use: 'access',
            client_id: APP_CLIENT_ID,
            email: 'bench@example.com',
          },
          scopes: [],
        },
      },
    },
    body: JSON.stringify({ currency: 'USD', items: [{ productId, quantity: 2 }] }),
    isBase64Encoded: false,
  };
}

const context = { awsRequestId: 'bench', getRemainingTimeInMillis: () => 60_000 };
type Handler = (event: unknown, ctx: unknown) => Promise<{ statusCode: number }>;

/** 1. Median import time per bundle, fresh processes, the bundles taking turns (drift hits all). */
async function importTimes(bundles: Bundle[], endpoint: string): Promise<Map<string, number>> {
  const samples = new Map<string, number[]>(bundles.map((bundle) => [bundle.file, []]));
  for (let index = 0; index < IMPORT_RUNS; index++) {
    for (const bundle of bundles) {
      const { ms: took } = await inFreshProcess<{ ms: number }>(
        `const t = performance.now(); await import(${JSON.stringify(bundle.file)}); process.stdout.write(JSON.stringify({ ms: performance.now() - t }));`,
        awsEnv(endpoint),
      );
      samples.get(bundle.file)?.push(took);
    }
  }
  return new Map([...samples].map(([file, values]) => [file, median(values)]));
}

/** 2. Import, then one create-order, in a fresh process: medians of each part. */
async function firstRequests(bundles: Bundle[], env: NodeJS.ProcessEnv, productId: string) {
  const samples = new Map<string, { importMs: number[]; requestMs: number[] }>(
    bundles.map((bundle) => [bundle.file, { importMs: [], requestMs: [] }]),
  );
  for (let index = 0; index < FIRST_REQUEST_RUNS; index++) {
    for (const bundle of bundles) {
      const result = await inFreshProcess<{ importMs: number; requestMs: number; status: number }>(
        `const t0 = performance.now();
         const { handler } = await import(${JSON.stringify(bundle.file)});
         const t1 = performance.now();
         const result = await handler(${JSON.stringify(orderEvent(productId))}, ${JSON.stringify(context)});
         process.stdout.write(JSON.stringify({ importMs: t1 - t0, requestMs: performance.now() - t1, status: result.statusCode }));
         process.exit(0);`, // the pool's idle connections would keep the process alive
        env,
      );
      if (result.status !== 201) throw new Error(`${bundle.name} answered ${result.status}`);
      samples.get(bundle.file)?.importMs.push(result.importMs);
      samples.get(bundle.file)?.requestMs.push(result.requestMs);
    }
  }
  return new Map(
    [...samples].map(([file, values]) => [
      file,
      { importMs: median(values.importMs), requestMs: median(values.requestMs) },
    ]),
  );
}

/** 3. Sequential create-orders per path, in rounds that take turns; orders per second of each. */
async function throughputs(paths: { name: string; createOne: () => Promise<unknown> }[]) {
  const rounds = 4;
  const perRound = Math.max(1, Math.floor(CREATE_ORDERS / rounds));
  const elapsed = new Map(paths.map((path) => [path.name, 0]));
  for (const path of paths) for (let index = 0; index < 50; index++) await path.createOne(); // warm-up
  for (let round = 0; round < rounds; round++) {
    for (const path of paths) {
      const started = performance.now();
      for (let index = 0; index < perRound; index++) await path.createOne();
      elapsed.set(path.name, (elapsed.get(path.name) ?? 0) + performance.now() - started);
    }
  }
  return new Map([...elapsed].map(([name, total]) => [name, (rounds * perRound * 1000) / total]));
}

/** 4. The report bundle in a fresh process for one period (the period's row queued afresh). */
async function runReport(bundle: Bundle, databaseUrl: string, endpoint: string, period: [string, string]) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(
      `INSERT INTO reports (period_start, period_end, requested_by) VALUES ($1, $2, 'bench')
       ON CONFLICT (period_start, period_end) DO UPDATE SET status = 'PENDING', object_key = NULL, row_count = NULL,
         summary = NULL, completed_at = NULL, email_claimed_at = NULL, emailed_at = NULL
       RETURNING id`,
      period,
    );
    const reportId = rows[0].id as string;
    const result = await inFreshProcess<{ outcome: string; ms: number; cpuMs: number; maxRssKb: number }>(
      `const { handler } = await import(${JSON.stringify(bundle.file)});
       const t = performance.now();
       const result = await handler({ trigger: 'request', reportId: ${JSON.stringify(reportId)} }, { getRemainingTimeInMillis: () => 900000 });
       const cpu = process.cpuUsage();
       process.stdout.write(JSON.stringify({ ...result, ms: performance.now() - t, cpuMs: (cpu.user + cpu.system) / 1000, maxRssKb: process.resourceUsage().maxRSS }));
       process.exit(0);`,
      {
        ...awsEnv(endpoint),
        DATABASE_URL: databaseUrl,
        REPORT_BUCKET_NAME: 'bench-reports',
        REPORT_FROM_ADDRESS: 'reports@example.com',
        REPORT_RECIPIENTS: 'admin@example.com',
        APP_URL: 'https://app.example.com',
        REPORT_TIMEZONE: 'UTC',
      },
    );
    const done = await client.query('SELECT row_count FROM reports WHERE id = $1', [reportId]);
    return { ...result, rowCount: done.rows[0]?.row_count as number };
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const outDir = await mkdtemp(join(tmpdir(), 'lambda-bench-'));
  const endpoint = await startLocalAwsEndpoint();
  const scratch = await createScratchDatabase(SERVER_URL, 'so_bench');
  await migrate({ database: scratch.url });
  const pool = new pg.Pool({ connectionString: scratch.url, max: 8 });
  try {
    const [load1] = loadavg();
    console.log(
      `Machine: ${cpus().length} CPUs, load average ${load1?.toFixed(1)} at start (timings scale with it). Baseline: ${BASELINE_REF.slice(0, 10)}.`,
    );
    const now = await buildBundles(join(outDir, 'now'));
    const source = await exportBaseline(BASELINE_REF, join(outDir, 'baseline-source'));
    const before = 'root' in source ? await buildBundles(join(outDir, 'baseline'), source.root) : [];
    if ('missing' in source) console.log(`  (no baseline: ${source.missing})`);
    const bundle = (bundles: Bundle[], name: HandlerName) => bundles.find((each) => each.name === name);
    const functions = now.filter((each) => each.name !== 'empty' && each.name !== 'pg-only');

    // 1. Sizes and imports.
    const baselineFunctions = before.filter((each) => each.name !== 'empty' && each.name !== 'pg-only');
    const imports = await importTimes([...now, ...baselineFunctions], endpoint.url);
    const emptyMs = imports.get(bundle(now, 'empty')?.file ?? '') ?? Number.NaN;
    const importOf = (each?: Bundle) => (each ? (imports.get(each.file) ?? Number.NaN) : Number.NaN);
    const vsEmpty = (each?: Bundle) => `${(importOf(each) / emptyMs).toFixed(1)}x`;
    console.log(
      '\nBundles (esbuild, ESM, minified, AWS SDK bundled as Amplify ships) and import in a fresh process (p50):',
    );
    printTable([
      ['handler', 'bundle', 'baseline bundle', 'import', 'vs empty', 'baseline import', 'baseline vs empty'],
      ...[...functions, bundle(now, 'empty') as Bundle].map((each) => {
        const old = bundle(baselineFunctions, each.name);
        return [
          each.name,
          kb(each.bytes),
          old ? kb(old.bytes) : '-',
          ms(importOf(each)),
          vsEmpty(each),
          old ? ms(importOf(old)) : '-',
          old ? vsEmpty(old) : '-',
        ];
      }),
    ]);
    const api = bundle(now, 'orders-api') as Bundle;
    console.log(
      `  goals for orders-api: import <= ${GOALS.importVsEmpty}x empty: ${met(importOf(api) / emptyMs <= GOALS.importVsEmpty)}; bundle <= ${GOALS.bundleKb} KB: ${met(api.bytes / 1024 <= GOALS.bundleKb)}`,
    );

    // 2. First request after import.
    await seedCatalogue(pool);
    const { rows } = await pool.query(
      "SELECT p.id FROM products p JOIN product_prices pp ON pp.product_id = p.id AND pp.currency = 'USD' WHERE p.active LIMIT 1",
    );
    const productId = rows[0].id as string;
    const functionEnv = {
      ...awsEnv(endpoint.url),
      DATABASE_URL: scratch.url,
      ORDER_EVENT_BUS_NAME: 'bench-bus',
    };
    const pgOnly = bundle(now, 'pg-only') as Bundle;
    const oldApi = bundle(before, 'orders-api');
    const firsts = await firstRequests([api, ...(oldApi ? [oldApi] : []), pgOnly], functionEnv, productId);
    console.log(
      '\nFirst request after import: import + one create-order (PostgreSQL, PutEvents), fresh processes (p50):',
    );
    printTable([
      ['handler', 'import', 'first request', 'total', 'vs pg-only'],
      ...[
        ['orders-api', api],
        ['orders-api (baseline)', oldApi],
        ['pg-only (floor)', pgOnly],
      ].flatMap(([name, each]) => {
        const figures = each ? firsts.get((each as Bundle).file) : undefined;
        const floor = firsts.get(pgOnly.file);
        if (!figures || !floor) return [];
        const total = figures.importMs + figures.requestMs;
        return [
          [
            name as string,
            ms(figures.importMs),
            ms(figures.requestMs),
            ms(total),
            `${(total / (floor.importMs + floor.requestMs)).toFixed(1)}x`,
          ],
        ];
      }),
    ]);

    // 3. Handler against repository, in this process.
    Object.assign(process.env, functionEnv, { DB_POOL_MAX: '8' });
    const load = async (each: Bundle) => ((await import(each.file)) as { handler: Handler }).handler;
    const viaHandler = (handler: Handler) => async () => {
      const result = await handler(orderEvent(productId), context);
      if (result.statusCode !== 201) throw new Error(`create-order answered ${result.statusCode}`);
    };
    const request = { currency: 'USD' as const, items: [{ productId, quantity: 2 }] };
    const newOrder = () =>
      createOrder(pool, {
        customer: { sub: 'bench-customer', email: 'bench@example.com' },
        idempotencyKey: `bench-${randomBytes(8).toString('hex')}`,
        request,
      });
    // Imported now: the EventBridge client reads its endpoint from the environment set above.
    const { publishOrderEvents } = await import('../functions/lib/event-bus.ts');
    const { markPublished } = await import('../db/outbox.ts');
    const paths = [
      { name: 'orders-api handler', createOne: viaHandler(await load(api)) },
      ...(oldApi
        ? [{ name: 'orders-api handler (baseline)', createOne: viaHandler(await load(oldApi)) }]
        : []),
      {
        // The handler's own work without the adapter: the transaction, then PutEvents and the UPDATE
        // that marks the events published (the outbox's fast path).
        name: 'repository + publish after commit',
        createOne: async () => {
          const { newEvents } = await newOrder();
          await markPublished(pool, await publishOrderEvents(newEvents, 'bench-bus'));
        },
      },
      { name: 'repository alone (createOrder)', createOne: newOrder },
    ];
    const rates = await throughputs(paths);
    const repositoryRate = rates.get('repository alone (createOrder)') ?? Number.NaN;
    console.log(
      `\nCreate order in one process, one at a time (${CREATE_ORDERS} each, in rounds that take turns):`,
    );
    printTable([
      ['path', 'throughput', 'vs repository'],
      ...[...rates].map(([name, rate]) => [
        name,
        `${rate.toFixed(0)} orders/s`,
        `${((100 * rate) / repositoryRate).toFixed(0)}%`,
      ]),
    ]);
    const handlerRate = rates.get('orders-api handler') ?? 0;
    const withPublish = rates.get('repository + publish after commit') ?? Number.NaN;
    console.log(
      `  goal: handler >= ${GOALS.handlerVsRepository * 100}% of the repository: ${met(handlerRate / repositoryRate >= GOALS.handlerVsRepository)}; the adapter alone (handler vs repository + publish): ${((100 * handlerRate) / withPublish).toFixed(0)}%`,
    );

    // 4. The report.
    const report = bundle(now, 'report') as Bundle;
    const oldReport = bundle(before, 'report');
    const results: (string | number)[][] = [
      [
        'implementation',
        'orders',
        'rows written',
        'duration',
        'CPU (Node)',
        'peak RSS',
        'CSV bytes',
        'parts',
        'emails',
      ],
    ];
    let largeReport: { ms: number; maxRssKb: number } | undefined;
    for (const [count, start, end] of [
      [1000, '2025-06-01', '2025-06-02'],
      [LARGE_REPORT_ORDERS, '2025-06-02', '2025-06-03'],
    ] as const) {
      if (count === 0) continue;
      const seedStarted = performance.now();
      await seedOrders(pool, {
        orders: count,
        parallelism: 2,
        from: new Date(`${start}T00:00:00Z`),
        to: new Date(`${end}T00:00:00Z`),
      });
      console.error(
        `  (seeded ${count} orders in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s)`,
      );
      for (const [name, each] of [
        ['COPY (now)', report],
        ['cursor + csv-stringify (baseline)', oldReport],
      ] as const) {
        if (!each) continue;
        const counts = { ...endpoint.counts };
        const result = await runReport(each, scratch.url, endpoint.url, [start, end]);
        if (each === report && count === LARGE_REPORT_ORDERS) largeReport = result;
        results.push([
          name,
          count,
          result.rowCount,
          ms(result.ms),
          ms(result.cpuMs),
          `${(result.maxRssKb / 1024).toFixed(0)} MB`,
          kb(endpoint.counts.s3Bytes - counts.s3Bytes),
          endpoint.counts.s3Parts - counts.s3Parts,
          endpoint.counts.emails - counts.emails,
        ]);
      }
    }
    console.log('\nReport bundle in a fresh process (aggregate + CSV -> multipart upload + one email):');
    printTable(results);
    if (largeReport) {
      console.log(
        `  goals at ${LARGE_REPORT_ORDERS.toLocaleString('en')} orders: < ${GOALS.reportMs / 1000} s: ${met(largeReport.ms < GOALS.reportMs)}; peak RSS < ${GOALS.reportRssMb} MB: ${met(largeReport.maxRssKb / 1024 < GOALS.reportRssMb)}`,
      );
    }
  } finally {
    await pool.end();
    await scratch.drop();
    await endpoint.close();
    await rm(outDir, { recursive: true, force: true });
  }
}

await main();
