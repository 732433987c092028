import { createHmac } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import pg from 'pg';
import { z } from 'zod';
import { type EmbeddedDatabase, generateDatabasePassword, startEmbeddedDatabase } from '../db/embedded.ts';
import { type EnvironmentDatabaseNames, environmentDatabaseNames, urlAs } from '../db/environment-names.ts';
import { migrate } from '../db/migrate.ts';
import { provisionEnvironment, type RolePasswords } from '../db/provision.ts';
import { seedCatalogue, seedOrders } from '../db/seed.ts';
import { tlsFor } from '../functions/lib/database-tls.ts';
import type { Credentials } from './aws/sigv4-presigned.ts';
import { DEMO_CUSTOMERS } from './demo-accounts.ts';

export interface LocalDatabase {
  /** The functions' connection (the environment's app role on the embedded server). */
  url: string;
  /** AppSync's SQL data source's connection (the environment's readonly role on the embedded server). */
  appsyncUrl: string;
  description: string;
  stop(): Promise<void>;
}

const DEMO_ORDERS = 300;

/**
 * The local cloud is one environment, named `local`, provisioned on the embedded server as the
 * platform's provisioner does each environment on the cloud's: its own database and three roles.
 */
export const LOCAL_ENVIRONMENT = 'local';

/** One environment's connection URLs, one per role. */
export type EnvironmentUrls = Record<keyof EnvironmentDatabaseNames['roles'], string>;

/**
 * The local cloud's database: the `local` environment on the embedded PostgreSQL kept in the state
 * folder's pgdata/ (migrated as its migrator, used by the functions as its app role and by AppSync
 * as its readonly role, as in the cloud), or the server DATABASE_URL names, used as given for all
 * three. Either way it is migrated, and seeded with the catalogue and demo orders the first time it
 * is empty.
 */
export async function startLocalDatabase(options: {
  /** A server to use instead of the embedded database. */
  externalUrl?: string;
  dataDir: string;
  port: number;
  log: (line: string) => void;
}): Promise<LocalDatabase> {
  const external = options.externalUrl;
  const local = external ? undefined : await startLocalEnvironment(options.dataDir, options.port);
  const urls: EnvironmentUrls = local?.urls ?? {
    migrator: external ?? '',
    app: external ?? '',
    readonly: external ?? '',
  };
  const applied = await migrate({ database: urls.migrator });
  if (applied.length) options.log(`applied migrations: ${applied.join(', ')}`);
  const pool = new pg.Pool({ connectionString: urls.migrator, max: 2 });
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
    url: urls.app,
    appsyncUrl: urls.readonly,
    description: external
      ? 'PostgreSQL server from DATABASE_URL'
      : `embedded PostgreSQL, environment "${LOCAL_ENVIRONMENT}" (data in ${options.dataDir})`,
    stop: async () => local?.server.stop(),
  };
}

/**
 * The state folder's embedded server with the `local` environment provisioned on it (idempotent:
 * every start puts the roles, grants and passwords back). `npm start` and `npm run db:*` both open
 * the database here.
 */
export async function startLocalEnvironment(
  dataDir: string,
  port = 0,
): Promise<{ server: EmbeddedDatabase; urls: EnvironmentUrls }> {
  const server = await startStateDatabase(dataDir, port);
  try {
    const names = environmentDatabaseNames(LOCAL_ENVIRONMENT);
    const serverPassword = decodeURIComponent(new URL(server.url).password);
    const passwords = rolePasswords(serverPassword, names);
    await provisionEnvironment({ connectionString: server.url }, names, { iamAuth: false, passwords });
    const as = (role: keyof EnvironmentUrls) =>
      urlAs(server.url, names.roles[role], names.database, passwords[role]);
    return { server, urls: { migrator: as('migrator'), app: as('app'), readonly: as('readonly') } };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/**
 * Each role's password, derived from the server's (HMAC-SHA256 keyed by it, over the role's name):
 * one secret in the state folder stands for all of them, and they stay the same across starts
 * without a file each.
 */
function rolePasswords(serverPassword: string, names: EnvironmentDatabaseNames): Required<RolePasswords> {
  const derive = (role: string) => createHmac('sha256', serverPassword).update(role).digest('base64url');
  return {
    migrator: derive(names.roles.migrator),
    app: derive(names.roles.app),
    readonly: derive(names.roles.readonly),
  };
}

/**
 * The embedded PostgreSQL of a state folder, created on first use with a password of its own for
 * the server's superuser: a random one, generated then and kept beside the data (mode 0600), from
 * which the environment's role passwords are derived.
 */
export async function startStateDatabase(dataDir: string, port = 0): Promise<EmbeddedDatabase> {
  mkdirSync(dirname(dataDir), { recursive: true });
  return startEmbeddedDatabase({ dataDir, port, password: statePassword(dataDir) });
}

function statePassword(dataDir: string): string {
  const file = join(dirname(dataDir), 'database-password');
  if (existsSync(file)) {
    // Owner only, even if a copy or an editor loosened it.
    chmodSync(file, 0o600);
    return readFileSync(file, 'utf8').trim();
  }
  if (existsSync(join(dataDir, 'PG_VERSION'))) {
    throw new Error(
      `${dataDir} holds a database whose password file ${file} is gone: restore the file, or start ` +
        'from scratch with `npm start -- --reset`.',
    );
  }
  const password = generateDatabasePassword();
  // Written before initdb runs, so a database never exists without its password file.
  writeFileSync(file, `${password}\n`, { mode: 0o600, flag: 'wx' });
  return password;
}

/** The functions' credentials, held by the local Secrets Manager under this name. */
export const DATABASE_SECRET_NAME = 'secure-orders-local-database';

/** The Secrets Manager JSON the functions expect: `{ username, password }`. */
export function databaseSecret(url: string): string {
  const { username, password } = new URL(url);
  return JSON.stringify({
    username: decodeURIComponent(username) || 'postgres',
    // A trust-auth server (TEST_DATABASE_URL) asks for no password, but the secret must hold one.
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

const secretSchema = z.object({ username: z.string().min(1), password: z.string().min(1) });

/**
 * The URL a developer connects with (the banner's): host, port and database from `databaseUrl`, the
 * credentials read from the local Secrets Manager by the call the functions make, signed as the
 * developer (the local operator), as `aws secretsmanager get-secret-value` would be in AWS. Without
 * the secret path (a server elsewhere, reached through DATABASE_URL), the URL as given, its password
 * masked.
 */
export async function developerDatabaseUrl(databaseUrl: string, operator: Credentials): Promise<string> {
  const url = new URL(databaseUrl);
  const secretArn = process.env.DB_SECRET_ARN;
  if (!secretArn) {
    if (url.password) url.password = '***';
    return url.toString();
  }
  const { SecretString } = await new SecretsManagerClient({ credentials: operator }).send(
    new GetSecretValueCommand({ SecretId: secretArn }),
  );
  const { username, password } = secretSchema.parse(JSON.parse(SecretString ?? '{}'));
  url.username = encodeURIComponent(username);
  url.password = encodeURIComponent(password);
  return url.toString();
}
