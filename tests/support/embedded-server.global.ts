import type { TestProject } from 'vitest/node';
import { generateDatabasePassword, startEmbeddedDatabase } from '../../db/embedded.ts';

/**
 * One throwaway embedded PostgreSQL server for the whole integration run, started before any test
 * file: each file then takes fresh databases on it (tests/support/databases.ts), which costs tens
 * of milliseconds where a cluster of its own (initdb) would cost one or two seconds.
 */
export default async function startEmbeddedServer(project: TestProject): Promise<() => Promise<void>> {
  const server = await startEmbeddedDatabase({ password: generateDatabasePassword() });
  project.provide('embeddedServerUrl', server.url);
  return () => server.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's embedded PostgreSQL server, as a superuser URL with its password. */
    embeddedServerUrl: string;
  }
}
