import { fileURLToPath } from 'node:url';
import { runner } from 'node-pg-migrate';
import type pg from 'pg';

/** Where the versioned SQL migrations live. Forward-only: files are added, never edited. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations', import.meta.url));

export interface MigrateOptions {
  /** A connection URL, or a connected client (the caller closes it). */
  database: string | pg.ClientBase;
  dir?: string;
  log?: (message: string) => void;
}

/**
 * Applies every pending migration, each in its own transaction, under node-pg-migrate's advisory
 * lock so that two deploys at once cannot interleave. Returns the names of the migrations applied.
 */
export async function migrate({
  database,
  dir = MIGRATIONS_DIR,
  log = () => {},
}: MigrateOptions): Promise<string[]> {
  const applied = await runner({
    ...(typeof database === 'string' ? { databaseUrl: database } : { dbClient: database }),
    dir,
    direction: 'up',
    migrationsTable: 'schema_migrations',
    singleTransaction: false,
    checkOrder: true,
    advisoryLockMode: 'wait',
    log,
  });
  return applied.map((migration) => migration.name);
}

/**
 * Default privileges (db/provision.ts) give the app role DML on every table the migrator creates,
 * node-pg-migrate's history table included: take it back from every role but its owner, so only
 * the migrator can record (or forget) a migration. Grantee names come from the catalogue, quoted.
 */
export async function restrictMigrationHistory(client: pg.ClientBase): Promise<void> {
  const { rows } = await client.query<{ grantee: string }>(
    `SELECT DISTINCT grantee FROM information_schema.role_table_grants
      WHERE table_schema = current_schema() AND table_name = 'schema_migrations'
        AND grantee NOT IN (current_user, 'PUBLIC')`,
  );
  for (const { grantee } of rows) {
    await client.query(`REVOKE ALL ON TABLE schema_migrations FROM ${client.escapeIdentifier(grantee)}`);
  }
}
