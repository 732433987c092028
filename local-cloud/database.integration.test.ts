import { mkdtempSync, readFileSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStateDatabase } from './database.ts';

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
