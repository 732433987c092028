// `npm run db:migrate` and `npm run db:seed -- --orders N`: against DATABASE_URL (or --database-url)
// when given, else against the local cloud's embedded database folder (stop `npm start` first: an
// embedded database has one owner at a time).
import { mkdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startEmbeddedDatabase } from '../db/embedded.ts';
import { migrate } from '../db/migrate.ts';
import { seedCatalogue, seedOrders } from '../db/seed.ts';
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
mkdirSync(LOCAL_DATABASE_DIR, { recursive: true, mode: 0o700 });
const embedded = explicitUrl ? null : await startEmbeddedDatabase({ dataDir: LOCAL_DATABASE_DIR });
const url = explicitUrl ?? embedded?.url ?? '';
console.log(
  `[db] ${explicitUrl ? `database ${redact(explicitUrl)}` : `embedded database in ${LOCAL_DATABASE_DIR}`}`,
);

const pool = new pg.Pool({ connectionString: url, max: 3 });
try {
  const applied = await migrate({ database: url });
  console.log(`[db] migrations applied: ${applied.length ? applied.join(', ') : 'none pending'}`);
  if (command === 'seed') {
    await seedCatalogue(pool);
    const started = performance.now();
    await seedOrders(pool, {
      orders,
      seed: Number(values.seed),
      // A server uses both of a small machine's cores; the embedded database runs one batch at a time.
      parallelism: explicitUrl ? 2 : 1,
      onProgress: (done, total) =>
        console.log(`[db] seeded ${done.toLocaleString('en')} / ${total.toLocaleString('en')} orders`),
    });
    const seconds = (performance.now() - started) / 1000;
    console.log(`[db] catalogue and ${orders.toLocaleString('en')} orders in ${seconds.toFixed(1)} s`);
  }
} finally {
  await pool.end();
  await embedded?.stop();
}

function redact(databaseUrl: string): string {
  const parsed = new URL(databaseUrl);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
