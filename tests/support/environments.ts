import { randomBytes } from 'node:crypto';
import pg from 'pg';
import {
  type EnvironmentDatabaseNames,
  environmentDatabaseNames,
  urlAs,
} from '../../db/environment-names.ts';

/**
 * Environments for tests on the real server (TEST_DATABASE_URL): unique names per run, so files and
 * helpers sharing the server never meet; the server trusts local connections, so a test logs in as
 * any role by name alone and what it meets is PostgreSQL's authorization, not authentication.
 */
export function uniqueEnvironment(label: string): { environment: string; names: EnvironmentDatabaseNames } {
  const environment = `test-${label}-${randomBytes(4).toString('hex')}`;
  return { environment, names: environmentDatabaseNames(environment) };
}

export { urlAs } from '../../db/environment-names.ts';

export async function withConnectionAs<T>(
  serverUrl: string,
  role: string,
  database: string,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: urlAs(serverUrl, role, database) });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
