// `npm run db:migrate` and `npm run db:seed -- --orders N`: against DATABASE_URL (or --database-url)
// when given, else against the local cloud's environment on its embedded database (stop `npm start` first: a data
// folder has one server at a time).
import { parseArgs } from 'node:util';
import pg from 'pg';
import { migrate } from '../db/migrate.ts';
import { seedCatalogue, seedOrders } from '../db/seed.ts';
import { LOCAL_ENVIRONMENT, startLocalEnvironment } from '../local-cloud/database.ts';
import { LOCAL_DATABASE_DIR } from '../local-cloud/paths.ts';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    'database-url': { type: 'string' },
    orders: { type: 'string', default: '0' },
    seed: { type: 'string', default: '42' },
  },
});
const command = positionals[0];
if (command !== 'migrate' && command !== 'seed') {
  console.error('usage: tsx scripts/db.ts migrate|seed [--database-url URL] [--orders N] [--seed N]');
  process.exit(2);
}
const orders = Number(values.orders);
if (!Number.isSafeInteger(orders) || orders < 0) {
  console.error(`--orders must be a whole number, got ${values.orders}`);
  process.exit(2);
}

const explicitUrl = values['database-url'] ?? process.env.DATABASE_URL;
// The local environment's migrator: it owns the schema and may write every table.
const local = explicitUrl ? null : await startLocalEnvironment(LOCAL_DATABASE_DIR);
const url = explicitUrl ?? local?.urls.migrator ?? '';
const target = explicitUrl
  ? `database ${redact(explicitUrl)}`
  : `environment "${LOCAL_ENVIRONMENT}" of the embedded database in ${LOCAL_DATABASE_DIR}`;
console.log(`[db] ${target}`);

const pool = new pg.Pool({ connectionString: url, max: 3 });
try {
  const applied = await migrate({ database: url });
  console.log(`[db] migrations applied: ${applied.length ? applied.join(', ') : 'none pending'}`);
  if (command === 'seed') {
    await seedCatalogue(pool);
    const rowsBefore = await seededRows(pool);
    const started = performance.now();
    await seedOrders(pool, {
      orders,
      seed: Number(values.seed),
      // Both of a small machine's cores.
      parallelism: 2,
      onProgress: (done, total) =>
        console.log(`[db] seeded ${done.toLocaleString('en')} / ${total.toLocaleString('en')} orders`),
    });
    const seconds = (performance.now() - started) / 1000;
    const rows = (await seededRows(pool)) - rowsBefore;
    console.log(
      `[db] catalogue and ${orders.toLocaleString('en')} orders in ${seconds.toFixed(1)} s: ${Math.round(orders / seconds).toLocaleString('en')} orders/s, ${Math.round(rows / seconds).toLocaleString('en')} rows/s (${rows.toLocaleString('en')} rows with items and events)`,
    );
  }
} finally {
  await pool.end();
  await local?.server.stop();
}

async function seededRows(db: pg.Pool): Promise<number> {
  const { rows } = await db.query(
    `SELECT (SELECT count(*) FROM orders) + (SELECT count(*) FROM order_items) + (SELECT count(*) FROM order_events) AS n`,
  );
  return Number(rows[0].n);
}

function redact(databaseUrl: string): string {
  const parsed = new URL(databaseUrl);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
