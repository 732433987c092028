import '../testing/quiet-env.ts';
import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { bundleEntry, handlerEntry } from '../../bench/lambda-bundles.ts';
import { createScratchDatabase, type ScratchDatabase } from '../../db/scratch-database.ts';
import { databaseServers } from '../../tests/support/databases.ts';
import { lambdaContext } from '../testing/api-events.ts';
import { EMBEDDED_MIGRATIONS } from './embedded-migrations.ts';
import { handler } from './handler.ts';

/** Each server gives an empty database (no schema yet), as on a first deploy. */
const targets = databaseServers().map(({ name, url }) => ({
  name,
  create: () => createScratchDatabase(url, 'so_migrate'),
}));

const migrationNames = Object.keys(EMBEDDED_MIGRATIONS).map((file) => file.replace(/\.sql$/, ''));

async function tablesOf(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
  );
  await client.end();
  return rows.map((row) => row.table_name);
}

describe.each(targets)('migrate handler on the $name database', (target) => {
  let database: ScratchDatabase | undefined;

  afterEach(async () => {
    await database?.drop();
    database = undefined;
  });

  it('given an empty database, when the handler runs, then every embedded migration is applied', async () => {
    database = await target.create();
    process.env.DATABASE_URL = database.url;
    const result = await handler({}, lambdaContext());
    expect(result.applied).toEqual(migrationNames);
    expect(await tablesOf(database.url)).toEqual(
      expect.arrayContaining(['orders', 'order_events', 'reports']),
    );
  });

  it('given a migrated database, when the handler runs again, then nothing is applied', async () => {
    database = await target.create();
    process.env.DATABASE_URL = database.url;
    await handler({}, lambdaContext());
    expect((await handler({}, lambdaContext())).applied).toEqual([]);
  });

  it('given the esbuild bundle alone (no db/migrations folder), when it runs in a fresh process, then it applies the migrations', async () => {
    database = await target.create();
    const outDir = await mkdtemp(join(tmpdir(), 'migrate-bundle-'));
    const bundle = join(outDir, 'migrate.mjs');
    await bundleEntry(handlerEntry('migrate'), bundle);
    const script = `const { handler } = await import(${JSON.stringify(bundle)});
      const result = await handler({}, { getRemainingTimeInMillis: () => 60000 });
      process.stdout.write(JSON.stringify(result));`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      cwd: outDir,
      env: { ...process.env, DATABASE_URL: database.url, POWERTOOLS_LOG_LEVEL: 'SILENT' },
    });
    expect(JSON.parse(stdout)).toEqual({ applied: migrationNames });
  });
});
