import '../../core/zod-messages.ts';
import type { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { Signer } from '@aws-sdk/rds-signer';
import pg from 'pg';
import * as z from 'zod/mini';
import { ConfigurationError, readConfig } from './config.ts';
import { DatabaseUnavailableError } from './database-errors.ts';
import { tlsFor } from './database-tls.ts';
import { logger } from './observability.ts';

/**
 * The connection pool, created once per execution environment and reused across invocations.
 *
 * - Sizing: an environment serves one invocation at a time and RDS Proxy does the real pooling,
 *   so a couple of connections suffice (DB_POOL_MAX).
 * - Credentials, two modes:
 *   - DB_AUTH=iam (an environment's functions, through RDS Proxy): log in as DB_USER with a fresh
 *     RDS IAM auth token per new connection (a presigned `connect` URL, valid 15 minutes, signed
 *     with the function's role), so no database password exists anywhere for these roles.
 *   - DB_SECRET_ARN (the platform's provisioner, with the master secret): read from Secrets
 *     Manager through Powertools Parameters, cached for SECRET_MAX_AGE_SECONDS.
 *   Either way the password is a function, so every new connection gets a current one (a new
 *   token, a rotated secret) without a cold start.
 * - TLS: verified against Node's bundled root store. RDS Proxy presents ACM certificates that
 *   chain to Amazon Root CA 1-4, which that store contains; no CA bundle ships with the code. (To
 *   connect to an RDS instance directly, point NODE_EXTRA_CA_CERTS at the RDS bundle, e.g. the
 *   Lambda runtime's /var/runtime/ca-cert.pem.) The one exception is a DB_HOST that is a loopback
 *   IP literal, the local cloud's database (database-tls.ts).
 * - DATABASE_URL, when set, replaces all of it for offline runs and tests (no TLS, no secret).
 */
export interface PoolOptions {
  statementTimeoutMs?: number;
}

const secretSchema = z.object({
  username: z.string().check(z.minLength(1)),
  password: z.string().check(z.minLength(1)),
});

/** The database variables (functions/README.md), read when a pool is made: once per environment. */
const databaseEnvironment = {
  DATABASE_URL: z.optional(z.string()),
  DB_HOST: z.optional(z.string()),
  DB_PORT: z._default(z.coerce.number().check(z.int(), z.positive()), 5432),
  DB_NAME: z.optional(z.string()),
  DB_AUTH: z._default(z.enum(['iam', 'secret']), 'secret'),
  DB_USER: z.optional(z.string()),
  DB_SECRET_ARN: z.optional(z.string()),
  DB_POOL_MAX: z._default(z.coerce.number().check(z.int(), z.positive()), 2),
  SECRET_MAX_AGE_SECONDS: z._default(z.coerce.number().check(z.int(), z.nonnegative()), 300),
  POWERTOOLS_SERVICE_NAME: z._default(z.string(), 'secure-orders'),
};
const readDatabaseConfig = () => readConfig('database', databaseEnvironment);

let secretsProvider: Promise<SecretsProvider> | undefined;

/**
 * Loaded on first use: only the provisioner reads a secret (DB_SECRET_ARN); the environment's
 * functions sign in with IAM and never pay for the Secrets Manager client at cold start.
 */
function secrets(): Promise<SecretsProvider> {
  secretsProvider ??= Promise.all([
    import('@aws-lambda-powertools/parameters/secrets'),
    import('@aws-sdk/client-secrets-manager'),
  ]).then(
    ([{ SecretsProvider }, { SecretsManagerClient }]) =>
      new SecretsProvider({ awsSdkV3Client: new SecretsManagerClient({}) }),
    (error: unknown) => {
      secretsProvider = undefined;
      throw error;
    },
  );
  return secretsProvider;
}

async function readCredentials(secretArn: string, maxAge: number): Promise<z.output<typeof secretSchema>> {
  try {
    const secret = await (await secrets()).get(secretArn, { transform: 'json', maxAge });
    return z.parse(secretSchema, secret);
  } catch (error) {
    throw new DatabaseUnavailableError('Database credentials could not be read', { cause: error });
  }
}

function requiredSetting(name: string, value: string | undefined): string {
  if (!value) throw new ConfigurationError(`database is misconfigured: ${name} is not set`);
  return value;
}

/**
 * Where and as whom to connect (host, port, database, user, password, TLS), from the environment;
 * also what the provisioner hands to db/provision.ts. DATABASE_URL replaces it all.
 */
export async function connectionSettings(config = readDatabaseConfig()): Promise<pg.ClientConfig> {
  if (config.DATABASE_URL) return { connectionString: config.DATABASE_URL };
  const host = requiredSetting('DB_HOST', config.DB_HOST);
  const port = config.DB_PORT;
  const server = { host, port, database: requiredSetting('DB_NAME', config.DB_NAME), ssl: tlsFor(host) };
  if (config.DB_AUTH === 'iam') {
    const user = requiredSetting('DB_USER', config.DB_USER);
    const signer = new Signer({ hostname: host, port, username: user });
    return { ...server, user, password: () => iamAuthToken(signer) };
  }
  const secretArn = requiredSetting('DB_SECRET_ARN', config.DB_SECRET_ARN);
  const maxAge = config.SECRET_MAX_AGE_SECONDS;
  const { username } = await readCredentials(secretArn, maxAge);
  return {
    ...server,
    user: username,
    password: async () => (await readCredentials(secretArn, maxAge)).password,
  };
}

async function iamAuthToken(signer: Signer): Promise<string> {
  try {
    return await signer.getAuthToken();
  } catch (error) {
    throw new DatabaseUnavailableError('Database auth token could not be signed', { cause: error });
  }
}

export async function createPool(options: PoolOptions = {}): Promise<pg.Pool> {
  const statementTimeoutMs = options.statementTimeoutMs ?? 10_000;
  const config = readDatabaseConfig();
  const pool = new pg.Pool({
    max: config.DB_POOL_MAX,
    idleTimeoutMillis: 60_000,
    connectionTimeoutMillis: 5_000,
    statement_timeout: statementTimeoutMs,
    query_timeout: statementTimeoutMs + 2_000,
    idle_in_transaction_session_timeout: 30_000,
    keepAlive: true,
    application_name: config.POWERTOOLS_SERVICE_NAME,
    ...(await connectionSettings(config)),
  });
  // An idle connection the proxy drops must not crash the environment; the pool replaces it.
  pool.on('error', (error) => logger.warn('Idle database connection lost', { error: error.message }));
  return pool;
}

let shared: Promise<pg.Pool> | undefined;

/** The environment's pool; a failed creation is forgotten so the next invocation retries. */
export function getPool(options: PoolOptions = {}): Promise<pg.Pool> {
  shared ??= createPool(options).catch((error: unknown) => {
    shared = undefined;
    throw error;
  });
  return shared;
}

/** Closes the environment's pool (tests and the migrate function, which runs once). */
export async function closePool(): Promise<void> {
  const pool = shared;
  shared = undefined;
  if (pool) await (await pool).end();
}
