import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, restrictMigrationHistory } from '../../db/migrate.ts';
import { seedCatalogue } from '../../db/seed.ts';
import { withConnection } from '../../db/transaction.ts';
import { onUnlessFalse, readConfig } from '../lib/config.ts';
import { closePool, getPool } from '../lib/database.ts';
import { logger, observedHandler } from '../lib/observability.ts';
import { EMBEDDED_MIGRATIONS } from './embedded-migrations.ts';

const config = readConfig('migrate', { SEED_CATALOGUE: onUnlessFalse });

/** Writes the bundled SQL files to a folder, since node-pg-migrate reads a folder. */
async function materializeMigrations(files: Record<string, string>): Promise<string> {
  // A fresh folder each time: files left in /tmp by an older bundle must never be applied.
  const dir = await mkdtemp(join(tmpdir(), 'migrations-'));
  await Promise.all(Object.entries(files).map(([name, sql]) => writeFile(join(dir, name), sql)));
  return dir;
}

/**
 * Applies pending migrations on deploy (invoked by a CDK trigger, whose event carries nothing we
 * need), then puts the demo catalogue in place unless SEED_CATALOGUE=false (the seed writes
 * nothing when the catalogue is already there). In an environment it connects as the environment's
 * migrator role (DB_AUTH=iam), which owns the schema; the tables it creates are granted to the app
 * and readonly roles by default privileges (db/provision.ts). Throwing fails the deployment.
 */
export const handler = observedHandler(async (): Promise<{ applied: string[]; catalogueSeeded: boolean }> => {
  const dir = await materializeMigrations(EMBEDDED_MIGRATIONS);
  const pool = await getPool({ statementTimeoutMs: 240_000 });
  try {
    const applied = await withConnection(pool, async (client) => {
      const names = await migrate({ database: client, dir, log: (message) => logger.debug(message) });
      await restrictMigrationHistory(client);
      return names;
    });
    logger.info('Migrations applied', { applied });
    const catalogueSeeded = config.SEED_CATALOGUE;
    if (catalogueSeeded) logger.info('Catalogue seeded', { products: await seedCatalogue(pool) });
    return { applied, catalogueSeeded };
  } finally {
    await closePool();
  }
});
