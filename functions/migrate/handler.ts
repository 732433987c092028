import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Context } from 'aws-lambda';
import { migrate } from '../../db/migrate.ts';
import { closePool, getPool } from '../lib/database.ts';
import { logger } from '../lib/observability.ts';
import { EMBEDDED_MIGRATIONS } from './embedded-migrations.ts';

/** Writes the bundled SQL files to a folder, since node-pg-migrate reads a folder. */
async function materializeMigrations(files: Record<string, string>): Promise<string> {
  // A fresh folder each time: files left in /tmp by an older bundle must never be applied.
  const dir = await mkdtemp(join(tmpdir(), 'migrations-'));
  await Promise.all(Object.entries(files).map(([name, sql]) => writeFile(join(dir, name), sql)));
  return dir;
}

/**
 * Applies pending migrations on deploy (invoked by a CDK trigger, whose event carries nothing we
 * need). Uses the same connection settings as every function (Secrets Manager, TLS), under
 * node-pg-migrate's advisory lock. Throwing fails the deployment.
 */
export const handler = async (_event: unknown, context: Context): Promise<{ applied: string[] }> => {
  logger.addContext(context);
  const dir = await materializeMigrations(EMBEDDED_MIGRATIONS);
  const client = await (await getPool({ statementTimeoutMs: 240_000 })).connect();
  try {
    const applied = await migrate({ database: client, dir, log: (message) => logger.debug(message) });
    logger.info('Migrations applied', { applied });
    return { applied };
  } finally {
    client.release();
    await closePool();
  }
};
