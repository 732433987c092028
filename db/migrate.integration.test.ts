import { readdirSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets, type TestDatabase } from '../tests/support/databases.ts';
import { MIGRATIONS_DIR, migrate } from './migrate.ts';

describe.each(databaseTargets())('migrations on the $name database', (target) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await target.start();
  });
  afterAll(() => db?.stop());

  it('given a migrated database, when migrating again, then nothing is applied twice', async () => {
    expect(await migrate({ database: db.url })).toEqual([]);
  });

  it('given the migrations folder, then every file is recorded as applied, in order', async () => {
    const files = readdirSync(MIGRATIONS_DIR)
      .filter((file) => file.endsWith('.sql'))
      .map((file) => file.replace(/\.sql$/, ''))
      .sort();
    const { rows } = await db.pool.query('SELECT name FROM schema_migrations ORDER BY run_on, id');
    expect(rows.map((row) => row.name)).toEqual(files);
  });

  it('given a connected client, when migrating with it, then the caller keeps its connection', async () => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      await migrate({ database: client });
      expect((await client.query('SELECT 1 AS ok')).rows[0].ok).toBe(1);
    } finally {
      await client.end();
    }
  });
});
