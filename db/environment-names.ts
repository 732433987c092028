import { createHash } from 'node:crypto';

/**
 * The database and roles of one environment (a sandbox, a branch) on the shared PostgreSQL server.
 * Both sides derive them from the environment's name alone: the provisioner creates them, and the
 * CDK scopes each function's `rds-db:connect` to its role, so nothing is copied by hand.
 */
export interface EnvironmentDatabaseNames {
  database: string;
  roles: { migrator: string; app: string; readonly: string };
}

/** PostgreSQL truncates identifiers at 63 bytes (NAMEDATALEN - 1): every name must fit. */
export const MAX_IDENTIFIER_BYTES = 63;
const LONGEST_ROLE_SUFFIX = '_migrator';
const PREFIX = 'so_';
const HASH_HEX_DIGITS = 8;
const MAX_DATABASE_BYTES = MAX_IDENTIFIER_BYTES - LONGEST_ROLE_SUFFIX.length;
// 'so_' + slug + '_' + hash: the slug gets what is left.
const MAX_SLUG_LENGTH = MAX_DATABASE_BYTES - PREFIX.length - 1 - HASH_HEX_DIGITS;

/**
 * `so_<readable slug>_<hash>`: lowercase `[a-z0-9_]`, so the names need no quoting anywhere (IAM
 * ARNs included). The slug is for people and may be cut or emptied; the hash of the full name keeps
 * names that slug alike ("Alice-Dev", "alice_dev", a long name cut short) apart.
 */
export function environmentDatabaseNames(environment: string): EnvironmentDatabaseNames {
  if (environment.length === 0) throw new Error('An environment name must not be empty');
  const hash = createHash('sha256').update(environment, 'utf8').digest('hex').slice(0, HASH_HEX_DIGITS);
  const slug = environment
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .slice(0, MAX_SLUG_LENGTH)
    .replace(/^_+|_+$/g, '');
  const database = `${PREFIX}${slug ? `${slug}_` : ''}${hash}`;
  return {
    database,
    roles: { migrator: `${database}_migrator`, app: `${database}_app`, readonly: `${database}_ro` },
  };
}

/**
 * The environment name of an Amplify backend, from the three values `ampx` passes as CDK context
 * (`amplify-backend-namespace`, `-name`, `-type`): unique per app and branch or sandbox.
 */
export function amplifyEnvironmentName(identity: { namespace: string; name: string; type: string }): string {
  return `${identity.namespace}-${identity.name}-${identity.type}`;
}

/** A URL to `database` on the server of `serverUrl`, as `role` (with `password`, or none). */
export function urlAs(serverUrl: string, role: string, database: string, password = ''): string {
  const url = new URL(serverUrl);
  url.username = encodeURIComponent(role);
  url.password = encodeURIComponent(password);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}
