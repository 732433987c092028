import { mkdirSync } from 'node:fs';
import pg from 'pg';
import { startEmbeddedDatabase } from '../db/embedded.ts';
import { migrate } from '../db/migrate.ts';
import { seedCatalogue, seedOrders } from '../db/seed.ts';
import { tlsFor } from '../functions/lib/database-tls.ts';
import { DEMO_CUSTOMERS } from './demo-accounts.ts';

export interface LocalDatabase {
  url: string;
  description: string;
  stop(): Promise<void>;
}

const DEMO_ORDERS = 300;

/**
 * The local cloud's database: the embedded PostgreSQL kept in the state folder's pgdata/, or the server
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

/** The functions' credentials, held by the local Secrets Manager under this name. */
export const DATABASE_SECRET_NAME = 'secure-orders-local-database';

/** The Secrets Manager JSON the functions expect: `{ username, password }`. */
export function databaseSecret(url: string): string {
  const { username, password } = new URL(url);
  return JSON.stringify({
    username: decodeURIComponent(username) || 'postgres',
    // The embedded database and a trust-auth server ask for no password, but the secret must hold one.
    password: decodeURIComponent(password) || 'unused-with-trust-auth',
  });
}

/**
 * The functions' database settings, as in the cloud: DB_SECRET_ARN (credentials read from the local
 * Secrets Manager) and DB_HOST/PORT/NAME. Their pool wants TLS to anything but a loopback IP, which
 * a server elsewhere without TLS cannot give: that one is reached through DATABASE_URL instead.
 */
export function functionDatabaseEnvironment(url: string, secretArn: string): Record<string, string> {
  const { hostname, port, pathname } = new URL(url);
  if (tlsFor(hostname) !== false) return { DATABASE_URL: url };
  return {
    DB_SECRET_ARN: secretArn,
    DB_HOST: hostname,
    DB_PORT: port || '5432',
    DB_NAME: decodeURIComponent(pathname.slice(1)) || 'postgres',
  };
}
