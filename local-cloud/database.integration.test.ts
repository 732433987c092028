import { mkdtempSync, readFileSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EnvironmentUrls, startLocalEnvironment, startStateDatabase } from './database.ts';

// A state folder's embedded PostgreSQL: its own generated password, required of every connection.

async function connectAs(url: string, password: string): Promise<string> {
  const withPassword = new URL(url);
  withPassword.password = password;
  const client = new pg.Client({ connectionString: withPassword.toString() });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT current_user AS name');
    return rows[0].name;
  } finally {
    await client.end();
  }
}

describe('the embedded database of a state folder', () => {
  let stateDir: string;
  let dataDir: string;
  let firstUrl: string;

  beforeAll(async () => {
    stateDir = mkdtempSync(join(tmpdir(), 'so-state-db-'));
    dataDir = join(stateDir, 'pgdata');
    const first = await startStateDatabase(dataDir);
    firstUrl = first.url;
    await first.stop();
  });
  afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

  it('given a first start, when it is done, then a generated password is kept beside the data, readable by its owner only', () => {
    const file = join(stateDir, 'database-password');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const password = readFileSync(file, 'utf8').trim();
    expect(password.length).toBeGreaterThanOrEqual(32);
    expect(decodeURIComponent(new URL(firstUrl).password)).toBe(password);
  });

  it('given a later start, when a client connects with the kept password, then it is in; without it or with another, it is refused', async () => {
    const database = await startStateDatabase(dataDir);
    try {
      const password = readFileSync(join(stateDir, 'database-password'), 'utf8').trim();
      expect(await connectAs(database.url, password)).toBe('postgres');
      await expect(connectAs(database.url, 'postgres')).rejects.toThrow(/password authentication failed/);
      await expect(connectAs(database.url, '')).rejects.toThrow();
    } finally {
      await database.stop();
    }
  });

  it('given a database whose password file is gone, when it starts, then it says how to recover instead of inventing a new password', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'so-state-db-lost-'));
    try {
      const lost = join(copy, 'pgdata');
      const database = await startStateDatabase(lost);
      await database.stop();
      unlinkSync(join(copy, 'database-password'));
      await expect(startStateDatabase(lost)).rejects.toThrow(/password file .* is gone.*--reset/);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});

describe('the local cloud’s environment on the embedded database', () => {
  let stateDir: string;
  let stop: () => Promise<void>;
  let urls: EnvironmentUrls;

  async function asRole<T>(role: keyof EnvironmentUrls, work: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: urls[role] });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    stateDir = mkdtempSync(join(tmpdir(), 'so-state-env-'));
    const local = await startLocalEnvironment(join(stateDir, 'pgdata'));
    ({ urls } = local);
    stop = () => local.server.stop();
    await asRole('migrator', (client) => client.query('CREATE TABLE notes (body text)'));
  });
  afterAll(async () => {
    await stop?.();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('given a start, then each role reaches the one environment database as itself, never as the superuser', async () => {
    for (const role of ['migrator', 'app', 'readonly'] as const) {
      const { rows } = await asRole(role, (client) =>
        client.query(
          'SELECT current_user AS name, current_database() AS database, rolsuper FROM pg_roles WHERE rolname = current_user',
        ),
      );
      expect(rows[0]).toEqual({
        name: expect.stringMatching(
          new RegExp(`^so_local_[0-9a-f]{8}_(${role === 'readonly' ? 'ro' : role})$`),
        ),
        database: expect.stringMatching(/^so_local_[0-9a-f]{8}$/),
        rolsuper: false,
      });
    }
  });

  it('given the app role (the functions), when it writes rows, then it may; when it changes the schema, then it is refused', async () => {
    await asRole('app', (client) => client.query("INSERT INTO notes VALUES ('from the app')"));
    await expect(asRole('app', (client) => client.query('DROP TABLE notes'))).rejects.toThrow(
      /must be owner/,
    );
  });

  it('given the readonly role (AppSync), when it reads, then it may; when it writes, then it is refused', async () => {
    const { rows } = await asRole('readonly', (client) =>
      client.query('SELECT count(*)::int AS n FROM notes'),
    );
    expect(rows[0].n).toBeGreaterThanOrEqual(0);
    await expect(
      asRole('readonly', (client) => client.query("INSERT INTO notes VALUES ('x')")),
    ).rejects.toThrow(/permission denied/);
  });

  it('given a second start of the same state folder, then the roles keep their passwords', async () => {
    await stop();
    const again = await startLocalEnvironment(join(stateDir, 'pgdata'));
    stop = () => again.server.stop();
    expect(again.urls.app.replace(/:\d+\//, ':PORT/')).toBe(urls.app.replace(/:\d+\//, ':PORT/'));
    urls = again.urls;
    await expect(asRole('app', (client) => client.query('SELECT 1'))).resolves.toBeDefined();
  });
});
