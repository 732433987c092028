import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { migrate } from '../db/migrate.ts';
import { createScratchDatabase } from '../db/scratch-database.ts';
import { seedCatalogue, seedOrders } from '../db/seed.ts';
import { type Bundle, buildBundles } from './lambda-bundles.ts';
import { startLocalAwsEndpoint } from './lambda-local-aws.ts';
import { measure, summarize } from './lib/stats.ts';
import { printTable } from './lib/table.ts';

/**
 * `npm run bench:lambda`: the Lambda handlers as deployed (esbuild bundles), in one run:
 *  1. each bundle's size, with the AWS SDK bundled (what Amplify ships) and left to the runtime;
 *  2. the time to import each bundle in a fresh process, next to an empty handler's;
 *  3. create-order latency and throughput through the orders API bundle against the real server;
 *  4. the report over 1,000 and 1,000,000 orders: duration and peak memory (RSS) of the bundle.
 * AWS calls go to a local endpoint (AWS_ENDPOINT_URL). Needs PostgreSQL: BENCH_DATABASE_URL, else
 * TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test; a scratch database is created
 * and dropped. REPORT_ORDERS=0 skips the million-order report.
 */
const SERVER_URL =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/test';
const IMPORT_RUNS = Number(process.env.IMPORT_RUNS ?? 9);
const CREATE_ORDERS = Number(process.env.CREATE_ORDERS ?? 2000);
const LARGE_REPORT_ORDERS = Number(process.env.REPORT_ORDERS ?? 1_000_000);
const run = promisify(execFile);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value: number) => `${value.toFixed(1)} ms`;

const awsEnv = (endpoint: string) => ({
  AWS_REGION: 'eu-west-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_ENDPOINT_URL: endpoint,
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  POWERTOOLS_METRICS_DISABLED: 'true',
});

/** Median time to `import()` a bundle in a fresh Node process (module load and init only). */
async function importTime(file: string): Promise<number> {
  const script = `const t = performance.now(); await import(${JSON.stringify(file)}); process.stdout.write(String(performance.now() - t));`;
  const samples: number[] = [];
  for (let index = 0; index < IMPORT_RUNS; index++) {
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, ...awsEnv('http://127.0.0.1:9') },
    });
    samples.push(Number(stdout));
  }
  return summarize(samples).p50;
}

async function scratchDatabase(): Promise<{ url: string; pool: pg.Pool; drop(): Promise<void> }> {
  const scratch = await createScratchDatabase(SERVER_URL, 'so_bench');
  await migrate({ database: scratch.url });
  const pool = new pg.Pool({ connectionString: scratch.url, max: 4 });
  return {
    url: scratch.url,
    pool,
    async drop() {
      await pool.end();
      await scratch.drop();
    },
  };
}

function orderEvent(productId: string, key: string) {
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
            client_id: 'bench',
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

async function benchCreateOrder(ordersApi: Bundle, databaseUrl: string, productId: string, endpoint: string) {
  Object.assign(process.env, awsEnv(endpoint), {
    DATABASE_URL: databaseUrl,
    ORDER_EVENT_BUS_NAME: 'bench-bus',
    DB_POOL_MAX: '8',
  });
  const { handler } = (await import(ordersApi.file)) as {
    handler: (event: unknown, ctx: unknown) => Promise<{ statusCode: number }>;
  };
  let sequence = 0;
  const createOne = async () => {
    const result = await handler(
      orderEvent(productId, `bench-${++sequence}-${randomBytes(4).toString('hex')}`),
      context,
    );
    if (result.statusCode !== 201) throw new Error(`create-order answered ${result.statusCode}`);
  };
  const sequential = await measure(createOne, CREATE_ORDERS, 100);
  const started = performance.now();
  const concurrency = 8;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let index = 0; index < CREATE_ORDERS / concurrency; index++) await createOne();
    }),
  );
  const concurrentRate = CREATE_ORDERS / ((performance.now() - started) / 1000);
  return { sequential, sequentialRate: 1000 / (sequential.p50 || 1), concurrentRate };
}

/** Runs the report bundle in a fresh process for one period; returns its duration and peak RSS. */
async function benchReport(
  report: Bundle,
  databaseUrl: string,
  endpoint: string,
  period: { start: string; end: string },
) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  const { rows } = await pool.query(
    `INSERT INTO reports (period_start, period_end, requested_by) VALUES ($1, $2, 'bench') RETURNING id`,
    [period.start, period.end],
  );
  await pool.end();
  const script = `const { handler } = await import(${JSON.stringify(report.file)});
    const t = performance.now();
    const result = await handler({ trigger: 'request', reportId: ${JSON.stringify(rows[0].id)} }, { getRemainingTimeInMillis: () => 900000 });
    const cpu = process.cpuUsage();
    process.stdout.write(JSON.stringify({ ...result, ms: performance.now() - t, cpuMs: (cpu.user + cpu.system) / 1000, maxRssKb: process.resourceUsage().maxRSS }));
    process.exit(0);`; // the pool's idle connections would keep the process alive
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    env: {
      ...process.env,
      ...awsEnv(endpoint),
      DATABASE_URL: databaseUrl,
      REPORT_BUCKET_NAME: 'bench-reports',
      REPORT_FROM_ADDRESS: 'reports@example.com',
      REPORT_RECIPIENTS: 'admin@example.com',
      APP_URL: 'https://app.example.com',
      REPORT_TIMEZONE: 'UTC',
    },
    maxBuffer: 1024 * 1024,
  });
  const { rows: done } = await (async () => {
    const check = new pg.Client({ connectionString: databaseUrl });
    await check.connect();
    const result = await check.query('SELECT row_count FROM reports WHERE id = $1', [rows[0].id]);
    await check.end();
    return result;
  })();
  return {
    ...(JSON.parse(stdout) as { outcome: string; ms: number; cpuMs: number; maxRssKb: number }),
    rowCount: done[0]?.row_count,
  };
}

async function main(): Promise<void> {
  const outDir = await mkdtemp(join(tmpdir(), 'lambda-bench-'));
  const endpoint = await startLocalAwsEndpoint();
  const database = await scratchDatabase();
  try {
    const [load1] = loadavg();
    console.log(
      `Machine: ${cpus().length} CPUs, load average ${load1?.toFixed(1)} at start (timings scale with it).`,
    );
    console.log('Bundles (esbuild, ESM, minified):');
    const bundled = await buildBundles(join(outDir, 'sdk-bundled'));
    const runtimeSdk = await buildBundles(join(outDir, 'sdk-external'), { externalSdk: true });
    const imports = new Map<string, number>();
    for (const bundle of bundled) imports.set(bundle.name, await importTime(bundle.file));
    const empty = imports.get('empty') ?? Number.NaN;
    printTable([
      [
        'handler',
        'SDK bundled (as Amplify ships)',
        'SDK from the runtime',
        'import, fresh process (p50)',
        'vs empty',
      ],
      ...bundled.map((bundle, index) => [
        bundle.name,
        kb(bundle.bytes),
        kb(runtimeSdk[index]?.bytes ?? 0),
        ms(imports.get(bundle.name) ?? Number.NaN),
        `${((imports.get(bundle.name) ?? Number.NaN) / empty).toFixed(1)}x`,
      ]),
    ]);

    await seedCatalogue(database.pool);
    const { rows } = await database.pool.query(
      "SELECT p.id FROM products p JOIN product_prices pp ON pp.product_id = p.id AND pp.currency = 'USD' WHERE p.active LIMIT 1",
    );
    const ordersApi = bundled.find((bundle) => bundle.name === 'orders-api');
    if (!ordersApi) throw new Error('no orders-api bundle');
    const created = await benchCreateOrder(ordersApi, database.url, rows[0].id, endpoint.url);
    console.log(
      `\nCreate order through the orders-api bundle, PostgreSQL server, PutEvents to a local endpoint:`,
    );
    printTable([
      ['orders', 'p50', 'p95', 'p99', 'max', 'throughput (1 at a time)', 'throughput (8 in flight)'],
      [
        created.sequential.samples,
        ms(created.sequential.p50),
        ms(created.sequential.p95),
        ms(created.sequential.p99),
        ms(created.sequential.max),
        `${created.sequentialRate.toFixed(0)} orders/s`,
        `${created.concurrentRate.toFixed(0)} orders/s`,
      ],
    ]);

    const report = bundled.find((bundle) => bundle.name === 'report');
    if (!report) throw new Error('no report bundle');
    const results: (string | number)[][] = [
      ['orders in period', 'rows written', 'duration', 'CPU time (Node)', 'peak RSS', 'CSV bytes', 'parts'],
    ];
    for (const [count, start, end] of [
      [1000, '2025-06-01', '2025-06-02'],
      [LARGE_REPORT_ORDERS, '2025-06-02', '2025-06-03'],
    ] as const) {
      if (count === 0) continue;
      const seedStarted = performance.now();
      await seedOrders(database.pool, {
        orders: count,
        from: new Date(`${start}T00:00:00Z`),
        to: new Date(`${end}T00:00:00Z`),
      });
      console.error(
        `  (seeded ${count} orders in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s)`,
      );
      const bytesBefore = endpoint.counts.s3Bytes;
      const partsBefore = endpoint.counts.s3Parts;
      const result = await benchReport(report, database.url, endpoint.url, { start, end });
      results.push([
        count,
        result.rowCount,
        ms(result.ms),
        ms(result.cpuMs),
        `${(result.maxRssKb / 1024).toFixed(0)} MB`,
        kb(endpoint.counts.s3Bytes - bytesBefore),
        endpoint.counts.s3Parts - partsBefore,
      ]);
    }
    console.log(
      '\nReport bundle in a fresh process (aggregate, cursor -> CSV -> multipart upload, one email):',
    );
    printTable(results);
    console.log(`  emails sent: ${endpoint.counts.emails}`);
  } finally {
    await database.drop();
    await endpoint.close();
    await rm(outDir, { recursive: true, force: true });
  }
}

await main();
