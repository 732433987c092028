import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  amplifyEnvironmentName,
  environmentDatabaseNames,
  MAX_IDENTIFIER_BYTES,
} from './environment-names.ts';

const allNames = (environment: string) => {
  const { database, roles } = environmentDatabaseNames(environment);
  return [database, roles.migrator, roles.app, roles.readonly];
};

describe('environmentDatabaseNames', () => {
  it('given a plain sandbox name, then the database is so_<slug>_<hash> and the roles extend it', () => {
    const names = environmentDatabaseNames('alice-sandbox');
    expect(names.database).toMatch(/^so_alice_sandbox_[0-9a-f]{8}$/);
    expect(names.roles).toEqual({
      migrator: `${names.database}_migrator`,
      app: `${names.database}_app`,
      readonly: `${names.database}_ro`,
    });
  });

  it('given names that slug alike, then their databases still differ', () => {
    expect(environmentDatabaseNames('Alice-Dev').database).not.toBe(
      environmentDatabaseNames('alice_dev').database,
    );
  });

  it('given a name with no letters or digits, then the database is the prefix and the hash alone', () => {
    expect(environmentDatabaseNames('--/--').database).toMatch(/^so_[0-9a-f]{8}$/);
  });

  it('given an empty name, then it refuses', () => {
    expect(() => environmentDatabaseNames('')).toThrow(/must not be empty/);
  });

  it('given any name, then every name is a lowercase unquoted identifier of at most 63 bytes', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 300, unit: 'binary' }), (environment) => {
        for (const name of allNames(environment)) {
          expect(name).toMatch(/^so_[a-z0-9_]*[a-z0-9]$/);
          expect(Buffer.byteLength(name)).toBeLessThanOrEqual(MAX_IDENTIFIER_BYTES);
        }
      }),
    );
  });

  it('given the same name twice, then the names are the same (stable across processes and sides)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (environment) => {
        expect(environmentDatabaseNames(environment)).toEqual(environmentDatabaseNames(environment));
      }),
    );
    // Pinned: the CDK side and already-provisioned environments rely on this exact value.
    expect(environmentDatabaseNames('alice-sandbox').database).toBe('so_alice_sandbox_926f727e');
  });

  it('given distinct names, then their databases are distinct', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 80 }), { minLength: 2, maxLength: 200 }),
        (environments) => {
          const databases = new Set(
            environments.map((environment) => environmentDatabaseNames(environment).database),
          );
          expect(databases.size).toBe(environments.length);
        },
      ),
    );
  });

  it('given very long names that share their first 100 characters, then the databases differ', () => {
    const stem = 'x'.repeat(100);
    expect(environmentDatabaseNames(`${stem}a`).database).not.toBe(
      environmentDatabaseNames(`${stem}b`).database,
    );
  });
});

describe('amplifyEnvironmentName', () => {
  it('given the ampx context, then it joins namespace, name and type', () => {
    expect(amplifyEnvironmentName({ namespace: 'secureorders', name: 'alice', type: 'sandbox' })).toBe(
      'secureorders-alice-sandbox',
    );
  });
});
