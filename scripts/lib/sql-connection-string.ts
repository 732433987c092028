import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import { environmentDatabaseNames } from '../../db/environment-names.ts';

export const databaseHost = z
  .string()
  .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i, 'must be a host name');

/** 32 random bytes, base64url: 256 bits, and no character a connection string must escape. */
export function generatePassword(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The SQL_CONNECTION_STRING of an environment: its readonly role (the only one with a password),
 * its database, verified TLS. The provisioner reads the password back from this same secret.
 */
export function sqlConnectionString(environment: string, host: string, password: string): string {
  const { database, roles } = environmentDatabaseNames(environment);
  return `postgres://${roles.readonly}:${encodeURIComponent(password)}@${databaseHost.parse(host)}:5432/${database}?sslmode=verify-full`;
}
