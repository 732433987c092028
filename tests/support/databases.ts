import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import { migrate } from '../../db/migrate.ts';
import { createScratchDatabase } from '../../db/scratch-database.ts';
import { seedCatalogue } from '../../db/seed.ts';

/**
 * The database servers integration tests run on: always the embedded PostgreSQL (what `npm start`
 * uses; one server per run, from embedded-server.global.ts), and also a real server when
 * TEST_DATABASE_URL is set (what the cloud uses). Each test file gets fresh, migrated databases of
 * its own on them, so files never see each other's rows.
 *
 *   describe.each(databaseTargets())('on the $name database', (target) => { ... target.start() ... })
 */
export interface TestDatabase {
  url: string;
  pool: pg.Pool;
  stop(): Promise<void>;
}

export interface DatabaseServer {
  name: 'embedded' | 'server';
  /** A superuser URL, for creating and dropping databases. */
  url: string;
}

export interface DatabaseTarget {
  name: DatabaseServer['name'];
  start(): Promise<TestDatabase>;
}

/** The real server of TEST_DATABASE_URL, when set (CI sets it). */
export const realServerUrl = process.env.TEST_DATABASE_URL;

export function databaseServers(): DatabaseServer[] {
  const servers: DatabaseServer[] = [{ name: 'embedded', url: inject('embeddedServerUrl') }];
  if (realServerUrl) servers.push({ name: 'server', url: realServerUrl });
  return servers;
}

export function databaseTargets(): DatabaseTarget[] {
  return databaseServers().map(({ name, url }) => ({ name, start: () => startScratchOnServer(url) }));
}

/** A scratch database on a server, migrated, dropped afterwards. */
export async function startScratchOnServer(serverUrl: string): Promise<TestDatabase> {
  const scratch = await createScratchDatabase(serverUrl, 'so_test');
  await migrate({ database: scratch.url });
  const pool = new pg.Pool({ connectionString: scratch.url, max: 25 });
  return { url: scratch.url, pool, stop: () => endPoolThen(pool, () => scratch.drop()) };
}

/**
 * Ends the pool, then drops the database. pg-pool's end() resolves before its connections have
 * closed, so the DROP ... WITH (FORCE) can still reach one of them: the error it gets then arrives
 * on the pool, which without a listener would be an uncaught exception. Only then is such an error
 * expected.
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

/**
 * A scratch database with the demo catalogue for the enclosing `describe`: started before its
 * tests, dropped after them. Read `pool` and `url` inside tests and hooks, once it has started.
 */
export function catalogueDatabase(target: DatabaseTarget): Omit<TestDatabase, 'stop'> {
  let started: TestDatabase | undefined;
  const current = () => {
    if (!started) throw new Error('The test database is read before beforeAll started it');
    return started;
  };
  beforeAll(async () => {
    started = await target.start();
    await seedCatalogue(started.pool);
  });
  afterAll(() => started?.stop());
  return {
    get url() {
      return current().url;
    },
    get pool() {
      return current().pool;
    },
  };
}
