import { mkdirSync } from 'node:fs';
import pg from 'pg';
import { startEmbeddedDatabase } from '../db/embedded.ts';
import { migrate } from '../db/migrate.ts';
import { seedCatalogue, seedOrders } from '../db/seed.ts';
import { DEMO_CUSTOMERS } from './demo-accounts.ts';
import { LOCAL_DATABASE_DIR } from './paths.ts';

export interface LocalDatabase {
  url: string;
  description: string;
  stop(): Promise<void>;
}

const DEMO_ORDERS = 300;

/**
 * The local cloud's database: the embedded PostgreSQL kept in .local-cloud/pgdata, or the server
 * DATABASE_URL names. Either way it is migrated, and seeded with the catalogue and demo orders the
 * first time it is empty.
 */
export async function startLocalDatabase(options: {
  port: number;
  log: (line: string) => void;
}): Promise<LocalDatabase> {
  const external = process.env.DATABASE_URL;
  let embedded: Awaited<ReturnType<typeof startEmbeddedDatabase>> | undefined;
  if (!external) {
    mkdirSync(LOCAL_DATABASE_DIR, { recursive: true });
    embedded = await startEmbeddedDatabase({ dataDir: LOCAL_DATABASE_DIR, port: options.port });
  }
  const url = external ?? embedded?.url ?? '';
  const applied = await migrate({ database: url });
  if (applied.length) options.log(`applied migrations: ${applied.join(', ')}`);
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  try {
    const { rows } = await pool.query('SELECT count(*)::int AS n FROM orders');
    if (rows[0].n === 0) {
      await seedCatalogue(pool);
      await seedOrders(pool, {
        orders: DEMO_ORDERS,
        owners: DEMO_CUSTOMERS.map(({ sub, email }) => ({ sub, email })),
        from: new Date(Date.now() - 90 * 86_400_000),
      });
      options.log(`seeded the catalogue and ${DEMO_ORDERS} demo orders`);
    }
  } finally {
    await pool.end();
  }
  return {
    url,
    description: external
      ? 'PostgreSQL server from DATABASE_URL'
      : `embedded PostgreSQL (data in ${LOCAL_DATABASE_DIR})`,
    stop: async () => embedded?.stop(),
  };
}
