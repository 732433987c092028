import { mkdirSync } from 'node:fs';
import pg from 'pg';
import { startEmbeddedDatabase } from '../db/embedded.ts';
import { migrate } from '../db/migrate.ts';
import { seedCatalogue, seedOrders } from '../db/seed.ts';
import { DEMO_CUSTOMERS } from './demo-accounts.ts';

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
  /** A server to use instead of the embedded database. */
  externalUrl?: string;
  dataDir: string;
  port: number;
  log: (line: string) => void;
}): Promise<LocalDatabase> {
  const external = options.externalUrl;
  let embedded: Awaited<ReturnType<typeof startEmbeddedDatabase>> | undefined;
  if (!external) {
    mkdirSync(options.dataDir, { recursive: true });
    embedded = await startEmbeddedDatabase({ dataDir: options.dataDir, port: options.port });
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
      : `embedded PostgreSQL (data in ${options.dataDir})`,
    stop: async () => embedded?.stop(),
  };
}
