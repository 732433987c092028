import { describe, expect, it } from 'vitest';
import { environmentDatabaseNames } from '../../db/environment-names.ts';
import { generatePassword, sqlConnectionString } from './sql-connection-string.ts';

const HOST = 'platform-db.cluster-abc.eu-west-1.rds.amazonaws.com';

describe('sqlConnectionString', () => {
  it("given an environment and a host, then it connects as the environment's readonly role to its database with verified TLS", () => {
    const names = environmentDatabaseNames('secureorders-alice-sandbox');
    const url = new URL(sqlConnectionString('secureorders-alice-sandbox', HOST, 'pw'));
    expect(url.protocol).toBe('postgres:');
    expect(url.username).toBe(names.roles.readonly);
    expect(url.password).toBe('pw');
    expect(url.host).toBe(`${HOST}:5432`);
    expect(url.pathname).toBe(`/${names.database}`);
    expect(url.searchParams.get('sslmode')).toBe('verify-full');
  });

  it('given a host that is not a host name, then it refuses', () => {
    expect(() => sqlConnectionString('env', 'evil.example/x?sslmode=disable', 'pw')).toThrow(/host name/);
  });
});

describe('generatePassword', () => {
  it('given two calls, then the passwords differ, carry 256 bits and need no escaping in a URL', () => {
    const [first, second] = [generatePassword(), generatePassword()];
    expect(first).not.toBe(second);
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(encodeURIComponent(first)).toBe(first);
  });
});
