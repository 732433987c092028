import pg from 'pg';
import type { EnvironmentDatabaseNames } from './environment-names.ts';

/**
 * Creates and drops one environment's database and its three roles on a shared PostgreSQL server,
 * as the server's administrator (the RDS master user, or a local superuser):
 *
 * - migrator owns the database and creates the schema (migrations, the catalogue seed);
 * - app reads and writes rows (SELECT/INSERT/UPDATE/DELETE, sequences), never DDL;
 * - readonly reads rows (Amplify's SQL Lambda).
 *
 * No role may CONNECT to another environment's database (CONNECT is revoked from PUBLIC), and no
 * role but the migrator may create objects (schema public is revoked from PUBLIC). Privileges on
 * tables come from default privileges FOR ROLE migrator, so every table a migration creates is
 * right without the migration naming a role.
 *
 * DDL takes no bind parameters, so identifiers go through escapeIdentifier and passwords through
 * escapeLiteral. Everything is idempotent: a second run changes nothing and a changed password is
 * set again. The whole run holds an advisory lock, so two provisioners at
 * once cannot race (concurrent GRANTs on one object fail with "tuple concurrently updated"); CREATE
 * DATABASE cannot run in a transaction, so it also tolerates a database that appeared in between.
 */
export interface ProvisionOptions {
  /** On RDS: grant rds_iam, so the roles log in with IAM tokens only. Locally false. */
  iamAuth: boolean;
  /**
   * Passwords per role; a role without one has no password (NULL). In the cloud only the readonly
   * role has one (Amplify's SQL Lambda needs a connection string) and the others sign in with IAM;
   * the local cloud, which has no IAM sign-in, gives all three one. On RDS a role with rds_iam can
   * no longer log in with a password, so a role with a password is left out of rds_iam.
   */
  passwords?: RolePasswords;
  /**
   * Who provisions (the provisioner passes the CloudFormation stack's name). The first claim is
   * recorded on the database; a later run or drop with another claim is refused, so a stack that
   * names another environment can neither reset its readonly password nor drop it.
   */
  claimedBy?: string;
}

export type RolePasswords = Partial<Record<keyof EnvironmentDatabaseNames['roles'], string>>;

/** The environment's database was provisioned by someone else (another stack). */
export class EnvironmentClaimedError extends Error {
  override readonly name = 'EnvironmentClaimedError';
}

/**
 * How to reach the server as its administrator, on its maintenance database (`postgres`); the
 * environment's own database is reached with the same settings.
 */
export type AdminConnection = pg.ClientConfig;

const DUPLICATE_DATABASE = '42P04';
// Any constant will do: it only has to be the same for every provisioner (advisory locks are per
// database, and they all lock on the maintenance database).
const PROVISION_LOCK_KEY = 'secure-orders:provision-environment';

export async function provisionEnvironment(
  admin: AdminConnection,
  names: EnvironmentDatabaseNames,
  options: ProvisionOptions,
): Promise<void> {
  await withClient(admin, undefined, async (client) => {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [PROVISION_LOCK_KEY]);
    try {
      await checkClaim(client, names, options.claimedBy);
      await inTransaction(client, () => createRoles(client, names, options));
      await createDatabase(client, names);
      await restrictDatabase(client, names, options.claimedBy);
      await withClient(admin, names.database, (inDatabase) =>
        inTransaction(inDatabase, () => grantSchema(inDatabase, names)),
      );
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [PROVISION_LOCK_KEY]);
    }
  });
}

/** Drops the database (closing its connections) and the roles. A missing one is not an error. */
export async function dropEnvironment(
  admin: AdminConnection,
  names: EnvironmentDatabaseNames,
  claim: Pick<ProvisionOptions, 'claimedBy'> = {},
): Promise<void> {
  await withClient(admin, undefined, async (client) => {
    await checkClaim(client, names, claim.claimedBy);
    await client.query(`DROP DATABASE IF EXISTS ${id(names.database)} WITH (FORCE)`);
    for (const role of rolesOf(names)) await client.query(`DROP ROLE IF EXISTS ${id(role)}`);
  });
}

function rolesOf(names: EnvironmentDatabaseNames): string[] {
  return [names.roles.migrator, names.roles.app, names.roles.readonly];
}

async function createRoles(client: pg.Client, names: EnvironmentDatabaseNames, options: ProvisionOptions) {
  const { rows } = await client.query<{ rolname: string }>(
    'SELECT rolname FROM pg_roles WHERE rolname = ANY($1)',
    [rolesOf(names)],
  );
  const existing = new Set(rows.map((row) => row.rolname));
  for (const role of rolesOf(names)) {
    if (!existing.has(role)) await client.query(`CREATE ROLE ${id(role)}`);
    // Set on every run, so a role changed by hand is put back. Not [NO]SUPERUSER, REPLICATION or
    // BYPASSRLS: naming them at all needs a superuser, which an RDS master is not (a role gets
    // none of them unless a superuser gives it).
    await client.query(`ALTER ROLE ${id(role)} LOGIN NOCREATEDB NOCREATEROLE INHERIT`);
  }
  for (const [kind, role] of Object.entries(names.roles) as [keyof RolePasswords, string][]) {
    const password = options.passwords?.[kind];
    await client.query(
      `ALTER ROLE ${id(role)} PASSWORD ${password ? client.escapeLiteral(password) : 'NULL'}`,
    );
    if (options.iamAuth) {
      await client.query(`${password ? 'REVOKE rds_iam FROM' : 'GRANT rds_iam TO'} ${id(role)}`);
    }
  }
  // The administrator must be a member of the migrator to make it the owner of the database and to
  // set default privileges for it (an RDS master user is not a superuser).
  await client.query(`GRANT ${id(names.roles.migrator)} TO CURRENT_USER`);
}

async function createDatabase(client: pg.Client, names: EnvironmentDatabaseNames) {
  const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [names.database]);
  if (rowCount) return;
  try {
    await client.query(`CREATE DATABASE ${id(names.database)} OWNER ${id(names.roles.migrator)}`);
  } catch (error) {
    if ((error as { code?: string }).code !== DUPLICATE_DATABASE) throw error;
  }
}

/** The claim is the database's comment: it lives and dies with the database, and needs no table. */
async function checkClaim(client: pg.Client, names: EnvironmentDatabaseNames, claimedBy: string | undefined) {
  if (claimedBy === undefined) return;
  const { rows } = await client.query<{ claim: string | null }>(
    `SELECT shobj_description(oid, 'pg_database') AS claim FROM pg_database WHERE datname = $1`,
    [names.database],
  );
  const claim = rows[0]?.claim;
  if (claim && claim !== claimedBy) {
    throw new EnvironmentClaimedError(`Database ${names.database} belongs to another stack`);
  }
}

async function restrictDatabase(
  client: pg.Client,
  names: EnvironmentDatabaseNames,
  claimedBy: string | undefined,
) {
  const database = id(names.database);
  await inTransaction(client, async () => {
    if (claimedBy !== undefined) {
      await client.query(`COMMENT ON DATABASE ${database} IS ${client.escapeLiteral(claimedBy)}`);
    }
    await client.query(`ALTER DATABASE ${database} OWNER TO ${id(names.roles.migrator)}`);
    await client.query(`REVOKE ALL ON DATABASE ${database} FROM PUBLIC`);
    await client.query(
      `GRANT CONNECT ON DATABASE ${database} TO ${id(names.roles.app)}, ${id(names.roles.readonly)}`,
    );
  });
}

async function grantSchema(client: pg.Client, names: EnvironmentDatabaseNames) {
  const migrator = id(names.roles.migrator);
  const app = id(names.roles.app);
  const readonly = id(names.roles.readonly);
  const statements = [
    'REVOKE ALL ON SCHEMA public FROM PUBLIC',
    `GRANT USAGE, CREATE ON SCHEMA public TO ${migrator}`,
    `GRANT USAGE ON SCHEMA public TO ${app}, ${readonly}`,
    `ALTER DEFAULT PRIVILEGES FOR ROLE ${migrator} IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${app}`,
    `ALTER DEFAULT PRIVILEGES FOR ROLE ${migrator} IN SCHEMA public GRANT USAGE ON SEQUENCES TO ${app}`,
    `ALTER DEFAULT PRIVILEGES FOR ROLE ${migrator} IN SCHEMA public GRANT SELECT ON TABLES TO ${readonly}`,
  ];
  for (const statement of statements) await client.query(statement);
}

async function withClient<T>(
  admin: AdminConnection,
  database: string | undefined,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client(database ? onDatabase(admin, database) : admin);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The same server and credentials, another database (a URL's own path would win over `database`). */
function onDatabase(admin: AdminConnection, database: string): pg.ClientConfig {
  if (!admin.connectionString) return { ...admin, database };
  const url = new URL(admin.connectionString);
  url.pathname = `/${encodeURIComponent(database)}`;
  return { ...admin, connectionString: url.toString() };
}

async function inTransaction(client: pg.Client, work: () => Promise<void>): Promise<void> {
  await client.query('BEGIN');
  try {
    await work();
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

function id(identifier: string): string {
  return pg.escapeIdentifier(identifier);
}
