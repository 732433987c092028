import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { developerDatabaseUrl } from '../../local-cloud/database.ts';
import { type LocalCloud, startLocalCloud } from '../../local-cloud/local-cloud.ts';

// Another local process (or a page's DNS-rebinding trick) that finds `npm start`'s database port:
// it knows PostgreSQL's default superuser, not the generated password.

describe('the embedded database’s port, to a caller without the password', () => {
  let cloud: LocalCloud;
  let stateDir: string;

  beforeAll(async () => {
    stateDir = mkdtempSync(join(tmpdir(), 'so-hostile-dbpw-'));
    cloud = await startLocalCloud({ stateDir, httpsPort: 0, httpPort: 0, databasePort: 0, log: () => {} });
  });
  afterAll(async () => {
    await cloud?.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  async function connectAs(password: string | undefined): Promise<void> {
    const { hostname, port } = new URL(cloud.databaseUrl);
    const client = new pg.Client({
      host: hostname,
      port: Number(port),
      user: 'postgres',
      database: 'postgres',
      password,
    });
    await client.connect();
    await client.end();
  }

  it('given no password, when connecting as postgres, then the server demands one and the connection fails', async () => {
    await expect(connectAs(undefined)).rejects.toThrow();
  });

  it('given a guessed password, when connecting as postgres, then the server refuses it', async () => {
    await expect(connectAs('postgres')).rejects.toThrow(/password authentication failed/);
  });

  it('given the URL the banner prints (credentials read back from the local Secrets Manager), when connecting, then it is in as the environment’s app role, not the superuser', async () => {
    const banner = await developerDatabaseUrl(cloud.databaseUrl, cloud.operatorCredentials);
    const password = decodeURIComponent(new URL(banner).password);
    expect(password).not.toBe('');
    await expect(connectAs(password)).rejects.toThrow(/password authentication failed/);

    const client = new pg.Client({ connectionString: banner });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT current_user AS role, current_database() AS database');
      expect(rows[0]).toEqual({
        role: expect.stringMatching(/^so_local_[0-9a-f]{8}_app$/),
        database: expect.stringMatching(/^so_local_[0-9a-f]{8}$/),
      });
      await expect(client.query('CREATE TABLE stolen (x int)')).rejects.toThrow(/permission denied/);
    } finally {
      await client.end();
    }
  });
});
