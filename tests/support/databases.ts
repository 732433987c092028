import pg from 'pg';
import { startEmbeddedDatabase } from '../../db/embedded.ts';
import { migrate } from '../../db/migrate.ts';
import { createScratchDatabase } from '../../db/scratch-database.ts';

/**
 * The databases integration tests run on: always the embedded PostgreSQL (what `npm start` uses),
 * and also a real server when TEST_DATABASE_URL is set (what the cloud uses). Each test file gets
 * fresh, migrated databases of its own, so files never see each other's rows.
 *
 *   describe.each(databaseTargets())('on the $name database', (target) => { ... target.start() ... })
 */
export interface TestDatabase {
  url: string;
  pool: pg.Pool;
  stop(): Promise<void>;
}

export interface DatabaseTarget {
  name: 'embedded' | 'server';
  start(): Promise<TestDatabase>;
}

export const realServerUrl = process.env.TEST_DATABASE_URL;

export function databaseTargets(): DatabaseTarget[] {
  const targets: DatabaseTarget[] = [{ name: 'embedded', start: startEmbedded }];
  if (realServerUrl) targets.push({ name: 'server', start: () => startScratchOnServer(realServerUrl) });
  return targets;
}

async function startEmbedded(): Promise<TestDatabase> {
  const embedded = await startEmbeddedDatabase();
  await migrate({ database: embedded.url });
  const pool = new pg.Pool({ connectionString: embedded.url, max: 4 });
  return { url: embedded.url, pool, stop: () => endPoolThen(pool, () => embedded.stop()) };
}

/** A scratch database on the real server, migrated, dropped afterwards. */
export async function startScratchOnServer(serverUrl: string): Promise<TestDatabase> {
  const scratch = await createScratchDatabase(serverUrl, 'so_test');
  await migrate({ database: scratch.url });
  const pool = new pg.Pool({ connectionString: scratch.url, max: 25 });
  return { url: scratch.url, pool, stop: () => endPoolThen(pool, () => scratch.drop()) };
}

/**
 * Ends the pool, then takes the database away. pg-pool's end() resolves before its connections have
 * closed, so the teardown (a DROP ... WITH (FORCE), or stopping the embedded server) can still reach
 * one of them: the error it gets then arrives on the pool, which without a listener would be an
 * uncaught exception. Only then is such an error expected.
 */
async function endPoolThen(pool: pg.Pool, teardown: () => Promise<unknown>): Promise<void> {
  let tearingDown = false;
  pool.on('error', (error) => {
    if (!tearingDown) throw error;
  });
  await pool.end();
  tearingDown = true;
  await teardown();
}
