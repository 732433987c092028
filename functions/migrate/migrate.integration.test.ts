import '../../tests/support/function-env.ts';
import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { functionEntryPath } from '../../amplify/functions/entries.ts';
import { bundleEntry } from '../../bench/lambda-bundles.ts';
import { DEMO_CATALOGUE } from '../../db/catalogue.ts';
import { dropEnvironment, provisionEnvironment } from '../../db/provision.ts';
import { createScratchDatabase, type ScratchDatabase } from '../../db/scratch-database.ts';
import { lambdaContext } from '../../local-cloud/lambda/context.ts';
import { databaseServers, realServerUrl } from '../../tests/support/databases.ts';
import { uniqueEnvironment, urlAs, withConnectionAs } from '../../tests/support/environments.ts';
import { EMBEDDED_MIGRATIONS } from './embedded-migrations.ts';
import { handler } from './handler.ts';

/** Each server gives an empty database (no schema yet), as on a first deploy. */
const targets = databaseServers().map(({ name, url }) => ({
  name,
  create: () => createScratchDatabase(url, 'so_migrate'),
}));
const serverUrl = realServerUrl;

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

async function productCount(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query('SELECT count(*)::int AS n FROM products')).rows[0].n;
  } finally {
    await client.end();
  }
}

describe.skipIf(!serverUrl)('migrate handler in a provisioned environment (real server only: roles)', () => {
  const admin = { connectionString: serverUrl ?? '' };
  const { names } = uniqueEnvironment('migrate');
  beforeAll(async () => {
    await provisionEnvironment(admin, names, { iamAuth: false });
    process.env.DATABASE_URL = urlAs(serverUrl ?? '', names.roles.migrator, names.database);
    await handler({}, lambdaContext());
  });
  afterAll(() => dropEnvironment(admin, names));

  it('given the migrator role ran the handler, then the app role reads and writes the new tables', async () => {
    const products = await withConnectionAs(
      serverUrl ?? '',
      names.roles.app,
      names.database,
      async (client) => {
        await client.query(`UPDATE products SET active = false WHERE sku = $1`, [DEMO_CATALOGUE[0]?.sku]);
        return (await client.query('SELECT count(*)::int AS n FROM products')).rows[0].n;
      },
    );
    expect(products).toBe(DEMO_CATALOGUE.length);
  });

  it('given the app role, when it tries to rewrite the migration history, then PostgreSQL refuses it (42501)', async () => {
    const forget = withConnectionAs(serverUrl ?? '', names.roles.app, names.database, (client) =>
      client.query('DELETE FROM schema_migrations'),
    );
    await expect(forget).rejects.toMatchObject({ code: '42501' });
  });
});

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

  it('given an empty database, when the handler runs, then the demo catalogue is seeded', async () => {
    database = await target.create();
    process.env.DATABASE_URL = database.url;
    expect((await handler({}, lambdaContext())).catalogueSeeded).toBe(true);
    expect(await productCount(database.url)).toBe(DEMO_CATALOGUE.length);
  });

  it('given SEED_CATALOGUE=false, when the handler runs, then it migrates and seeds nothing', async () => {
    database = await target.create();
    process.env.DATABASE_URL = database.url;
    vi.stubEnv('SEED_CATALOGUE', 'false');
    try {
      // The function reads its configuration at cold start: load it afresh with the variable set.
      vi.resetModules();
      const { handler: coldStarted } = await import('./handler.ts');
      expect(await coldStarted({}, lambdaContext())).toEqual({
        applied: migrationNames,
        catalogueSeeded: false,
      });
    } finally {
      vi.unstubAllEnvs();
    }
    expect(await productCount(database.url)).toBe(0);
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
    await bundleEntry(functionEntryPath('migrate'), bundle);
    const script = `const { handler } = await import(${JSON.stringify(bundle)});
      const result = await handler({}, { getRemainingTimeInMillis: () => 60000 });
      process.stdout.write(JSON.stringify(result));`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      cwd: outDir,
      env: { ...process.env, DATABASE_URL: database.url, POWERTOOLS_LOG_LEVEL: 'SILENT' },
    });
    expect(JSON.parse(stdout)).toEqual({ applied: migrationNames, catalogueSeeded: true });
  });
});
