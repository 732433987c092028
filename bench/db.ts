// `npm run bench:db`: the data layer's read paths on a million orders, on a real PostgreSQL server.
// Each query is the data layer's own SQL (captured as it runs), timed, EXPLAINed to show which
// index serves it, and set against a baseline measured in the same run.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { ADMIN_ORDERS_UNFILTERED } from '../core/admin-orders-page.ts';
import { migrate } from '../db/migrate.ts';
import { listAllOrders, listOrdersForOwner } from '../db/orders-repository.ts';
import { reportSummary } from '../db/report-queries.ts';
import { seedCatalogue, seedOrders } from '../db/seed.ts';
import { runCustomSql } from '../local-cloud/appsync/sql.ts';
import { type LatencySummary, measure, ms } from './lib/stats.ts';

const { values } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    orders: { type: 'string', default: '1000000' },
    iterations: { type: 'string', default: '300' },
  },
});
const databaseUrl =
  values['database-url'] ??
  process.env.BENCH_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/secure_orders_bench';
const wantedOrders = Number(values.orders);
const iterations = Number(values.iterations);
const LIST_P99_GOAL_MS = 5;

await ensureDatabase(databaseUrl);
const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
await migrate({ database: databaseUrl });
await ensureOrders(pool, wantedOrders);
await pool.query('ANALYZE');

/** A pool stand-in that records the SQL the data layer sends, so the bench EXPLAINs that exact text. */
function recording(): { db: pg.Pool; last: () => { text: string; values: unknown[] } } {
  let captured = { text: '', values: [] as unknown[] };
  const db = {
    query: (query: string | pg.QueryConfig, params: unknown[] = []) => {
      if (typeof query !== 'string') {
        captured = { text: query.text, values: query.values ?? [] };
        return pool.query(query);
      }
      captured = { text: query, values: params };
      return pool.query(query, params);
    },
  } as unknown as pg.Pool;
  return { db, last: () => captured };
}

async function plan(text: string, params: unknown[]): Promise<{ indexes: string[]; seqScans: string[] }> {
  const { rows } = await pool.query(`EXPLAIN (FORMAT JSON) ${text}`, params);
  const indexes = new Set<string>();
  const seqScans = new Set<string>();
  const walk = (node: Record<string, unknown>) => {
    if (typeof node['Index Name'] === 'string') indexes.add(node['Index Name']);
    if (node['Node Type'] === 'Seq Scan') seqScans.add(String(node['Relation Name']));
    for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child);
  };
  walk(rows[0]['QUERY PLAN'][0].Plan);
  return { indexes: [...indexes], seqScans: [...seqScans] };
}

/** Runs `sql` with index scans disabled: what the query would cost without its index. */
async function withoutIndexes(text: string, params: unknown[]): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL enable_indexscan = off');
    await client.query('SET LOCAL enable_indexonlyscan = off');
    await client.query('SET LOCAL enable_bitmapscan = off');
    await client.query(text, params);
    await client.query('ROLLBACK');
  } finally {
    client.release();
  }
}

interface Result {
  name: string;
  summary: LatencySummary;
  baselineName: string;
  baseline: LatencySummary;
  indexes: string[];
  seqScans: string[];
  isList: boolean;
}
const results: Result[] = [];

async function bench(
  name: string,
  run: (db: pg.Pool) => Promise<unknown>,
  baseline: { name: string; run: (text: string, params: unknown[]) => Promise<unknown>; iterations: number },
  isList = true,
) {
  const recorder = recording();
  await run(recorder.db);
  const { text, values: params } = recorder.last();
  const summary = await measure(() => run(pool), iterations);
  const baselineSummary = await measure(() => baseline.run(text, params), baseline.iterations, 2);
  results.push({
    name,
    summary,
    baselineName: baseline.name,
    baseline: baselineSummary,
    isList,
    ...(await plan(text, params)),
  });
  console.log(`  measured: ${name}`);
}

const { rows: heavy } = await pool.query(
  'SELECT owner_sub, count(*)::int AS n FROM orders GROUP BY owner_sub ORDER BY n DESC LIMIT 1',
);
const ownerSub = heavy[0].owner_sub as string;
console.log(
  `\nbench:db on ${wantedOrders.toLocaleString('en')} orders; busiest customer has ${heavy[0].n} orders`,
);

await bench('customer: first page (20)', (db) => listOrdersForOwner(db, { ownerSub, limit: 20 }), {
  name: 'same query, indexes off',
  run: withoutIndexes,
  iterations: 5,
});

let cursor: string | null = null;
for (let page = 1; page < 50; page++) {
  cursor = (await listOrdersForOwner(pool, { ownerSub, limit: 20, cursor })).nextCursor;
}
await bench('customer: page 50 by keyset', (db) => listOrdersForOwner(db, { ownerSub, limit: 20, cursor }), {
  name: 'page 50 by OFFSET 980',
  run: () =>
    pool.query(
      `SELECT o.* FROM orders o WHERE o.owner_sub = $1 ORDER BY o.created_at DESC, o.id DESC OFFSET 980 LIMIT 20`,
      [ownerSub],
    ),
  iterations: 50,
});

await bench(
  'customer: first CANCELLED page (status filter)',
  (db) => listOrdersForOwner(db, { ownerSub, status: 'CANCELLED', limit: 20 }),
  { name: 'same query, indexes off', run: withoutIndexes, iterations: 5 },
);

const monthAgo = new Date(Date.now() - 30 * 86_400_000).toISOString();
await bench(
  'admins: SHIPPED in the last 30 days',
  (db) => listAllOrders(db, { status: 'SHIPPED', createdFrom: monthAgo, limit: 20 }),
  { name: 'same query, indexes off', run: withoutIndexes, iterations: 5 },
);

// The admin console's page query (amplify/data/sql/admin-orders-page.sql), bound as AppSync binds it.
const adminOrdersPage = readFileSync(
  new URL('../amplify/data/sql/admin-orders-page.sql', import.meta.url),
  'utf8',
);
const firstAdminPage = { ...ADMIN_ORDERS_UNFILTERED, pageSize: 26 };
const { rows: busiestEmail } = await pool.query(
  'SELECT owner_email FROM orders WHERE owner_sub = $1 LIMIT 1',
  [ownerSub],
);
const { rows: rareOrder } = await pool.query(
  'SELECT id, owner_email FROM orders WHERE owner_sub <> $1 ORDER BY created_at LIMIT 1',
  [ownerSub],
);
for (const [name, filters] of [
  ['admin console: first page, any order', {}],
  // The oldest order's customer: a newest-first scan would read nearly every order to find theirs.
  [
    'admin console: part of a rare email, any case',
    { ownerEmail: rareOrder[0].owner_email.slice(2, -4).toUpperCase() },
  ],
  ["admin console: an order's reference", { reference: rareOrder[0].id.slice(-8) }],
  ['admin console: first page, SHIPPED', { status: 'SHIPPED' }],
  ["admin console: first page, busiest customer's email", { ownerEmail: busiestEmail[0].owner_email }],
] as const) {
  await bench(name, (db) => runCustomSql(db, adminOrdersPage, { ...firstAdminPage, ...filters }), {
    name: 'same query, indexes off',
    run: withoutIndexes,
    iterations: 5,
  });
}

const lastMonth = new Date();
lastMonth.setUTCDate(1);
const periodEnd = lastMonth.toISOString().slice(0, 10);
lastMonth.setUTCMonth(lastMonth.getUTCMonth() - 1);
const periodStart = lastMonth.toISOString().slice(0, 10);
const scope = { periodStart, periodEnd, timeZone: 'UTC' };
// The summary is three aggregates; its by-day aggregate is benchmarked against a scan without indexes.
const byDaySql = `SELECT to_char(date_trunc('day', o.created_at AT TIME ZONE $3), 'YYYY-MM-DD') AS day, o.currency, count(*)
                    FROM orders o WHERE o.created_at >= ($1::date::timestamp AT TIME ZONE $3)
                     AND o.created_at < ($2::date::timestamp AT TIME ZONE $3) GROUP BY 1, 2`;
const byDayParams = [periodStart, periodEnd, 'UTC'];
const reportIterations = Math.max(10, Math.floor(iterations / 10));
results.push({
  name: `report: by-day aggregate for ${periodStart.slice(0, 7)}`,
  summary: await measure(() => pool.query(byDaySql, byDayParams), reportIterations, 2),
  baselineName: 'same query, indexes off',
  baseline: await measure(() => withoutIndexes(byDaySql, byDayParams), 5, 1),
  isList: false,
  ...(await plan(byDaySql, byDayParams)),
});
const wholeSummary = await measure(() => reportSummary(pool, scope), reportIterations, 2);
console.log(`  measured: report summary (by status, by day, top products): p50 ${ms(wholeSummary.p50)}`);

console.log('');
console.table(
  results.map((result) => ({
    query: result.name,
    p50: ms(result.summary.p50),
    p99: ms(result.summary.p99),
    'baseline (p50)': `${ms(result.baseline.p50)}  ${result.baselineName}`,
    speed_up: `${(result.baseline.p50 / result.summary.p50).toFixed(0)}x`,
    index: result.indexes.join(', ') || '—',
    seq_scans: result.seqScans.join(', ') || 'none',
  })),
);
const lists = results.filter((result) => result.isList);
const worstListP99 = Math.max(...lists.map((result) => result.summary.p99));
const listsUseIndexes = lists.every(
  (result) => result.indexes.length > 0 && !result.seqScans.includes('orders'),
);
console.log(
  `\nlist queries: worst p99 ${ms(worstListP99)} (goal <= ${LIST_P99_GOAL_MS} ms): ${worstListP99 <= LIST_P99_GOAL_MS ? 'met' : 'MISSED'}; ` +
    `every list query served by an index: ${listsUseIndexes ? 'yes' : 'NO'}`,
);
await pool.end();

async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = target.pathname.slice(1);
  target.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: target.toString() });
  try {
    await admin.connect();
  } catch (error) {
    console.error(
      `bench:db needs a PostgreSQL server (${(error as Error).message}). Set BENCH_DATABASE_URL or --database-url.`,
    );
    process.exit(1);
  }
  const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (!rowCount) await admin.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
  await admin.end();
}

async function ensureOrders(db: pg.Pool, wanted: number): Promise<void> {
  const { rows } = await db.query('SELECT count(*)::int AS n FROM orders');
  if (rows[0].n >= wanted) return;
  console.log(`seeding ${(wanted - rows[0].n).toLocaleString('en')} orders (once; later runs reuse them)...`);
  const started = performance.now();
  await seedCatalogue(db);
  await seedOrders(db, { orders: wanted - rows[0].n, seed: rows[0].n + 1 });
  console.log(`seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
