import '../../tests/support/function-env.ts';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createScratchDatabase, type ScratchDatabase } from '../../db/scratch-database.ts';
import { createLocalSecretsManager } from '../../local-cloud/aws/secrets-manager.ts';
import { databaseSecret } from '../../local-cloud/database.ts';
import { type LocalHost, startLocalHost } from '../../local-cloud/host.ts';
import { ensureLocalTls } from '../../local-cloud/tls.ts';
import { databaseServers } from '../../tests/support/databases.ts';
import { closePool, getPool } from './database.ts';
import { DatabaseUnavailableError } from './database-errors.ts';

// The functions' cloud path to the database, over the wire: credentials from Secrets Manager
// through Powertools Parameters, then a connection that is plaintext only to a loopback IP.

/** The first message of a TLS-requesting PostgreSQL client: length 8, code 80877103. */
const SSL_REQUEST = Buffer.from([0, 0, 0, 8, 4, 210, 22, 47]);

describe('the functions’ pool on the secret path', () => {
  // The embedded server, which asks every connection for its password.
  const [embedded] = databaseServers();
  const serverUrl = embedded?.url as string;
  let database: ScratchDatabase;
  let host: LocalHost;
  let secretRequests = 0;
  const secrets = createLocalSecretsManager({
    region: 'eu-west-1',
    accountId: '000000000000',
    secrets: {
      'orders-db': databaseSecret(serverUrl),
      'orders-db-stale': JSON.stringify({ username: 'postgres', password: 'not-the-password' }),
    },
    // The pool's secret path is under test here, not IAM (tests/hostile/aws-apis-on-origin.test.ts is).
    authorize: () => undefined,
  });

  beforeAll(async () => {
    database = await createScratchDatabase(serverUrl, 'so_pool');
    host = await startLocalHost({
      tls: await ensureLocalTls(mkdtempSync(join(tmpdir(), 'so-tls-'))),
      httpPort: 0,
      routes: {
        '/secretsmanager': {
          handle: (request, response) => {
            secretRequests += 1;
            return secrets.handle(request, response);
          },
        },
      },
    });
    delete process.env.DATABASE_URL;
    process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = `${host.httpUrl}/secretsmanager`;
    process.env.DB_SECRET_ARN = secrets.arnOf('orders-db');
    process.env.DB_NAME = new URL(database.url).pathname.slice(1);
  });
  afterEach(() => closePool());
  afterAll(async () => {
    await host?.close();
    await database?.drop();
  });

  it('given the credentials in Secrets Manager and the database on 127.0.0.1, when a function queries, then it connects as the secret’s user', async () => {
    const { hostname, port } = new URL(database.url);
    Object.assign(process.env, { DB_HOST: hostname, DB_PORT: port });
    const requestsBefore = secretRequests;
    const pool = await getPool();
    const { rows } = await pool.query('SELECT current_user AS name');
    expect(rows[0].name).toBe('postgres');
    expect(secretRequests).toBeGreaterThan(requestsBefore);
  });

  it('given a host name (not a loopback IP) whose server has no TLS, when a function connects, then it is refused before the user name is sent', async () => {
    const received: Buffer[] = [];
    const plaintextServer: Server = createServer((socket) => {
      socket.on('data', (chunk) => {
        received.push(chunk);
        socket.write('N'); // "no TLS here", as a server with ssl = off answers
      });
    });
    await new Promise<void>((resolve) => plaintextServer.listen(0, 'localhost', resolve));
    Object.assign(process.env, {
      DB_HOST: 'localhost',
      DB_PORT: String((plaintextServer.address() as AddressInfo).port),
    });
    try {
      const pool = await getPool();
      await expect(pool.query('SELECT 1')).rejects.toThrow(/does not support SSL/);
      expect(Buffer.concat(received).equals(SSL_REQUEST)).toBe(true);
    } finally {
      plaintextServer.close();
    }
  });

  it('given a secret whose password the database does not accept, when a function queries, then authentication fails', async () => {
    const { hostname, port } = new URL(database.url);
    Object.assign(process.env, {
      DB_HOST: hostname,
      DB_PORT: port,
      DB_SECRET_ARN: secrets.arnOf('orders-db-stale'),
    });
    try {
      const pool = await getPool();
      await expect(pool.query('SELECT 1')).rejects.toThrow(/password authentication failed/);
    } finally {
      process.env.DB_SECRET_ARN = secrets.arnOf('orders-db');
    }
  });

  it('given a secret ARN the endpoint does not hold, when a function needs the database, then it is unavailable, not crashed', async () => {
    process.env.DB_SECRET_ARN = `${secrets.arnOf('orders-db')}-gone`;
    try {
      await expect(getPool()).rejects.toBeInstanceOf(DatabaseUnavailableError);
    } finally {
      process.env.DB_SECRET_ARN = secrets.arnOf('orders-db');
    }
  });
});
