import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realServerUrl } from '../tests/support/databases.ts';
import { uniqueEnvironment, urlAs, withConnectionAs } from '../tests/support/environments.ts';
import type { EnvironmentDatabaseNames } from './environment-names.ts';
import { migrate } from './migrate.ts';
import { dropEnvironment, provisionEnvironment } from './provision.ts';
import { seedCatalogue } from './seed.ts';

const INSUFFICIENT_PRIVILEGE = '42501';

// The roles log in here as a trust-auth server lets them (in AWS they sign in with IAM). The embedded
// server asks every role for a password (scram), so these run on a real server only (CI sets
// TEST_DATABASE_URL).
describe.skipIf(!realServerUrl)('environments provisioned side by side on one PostgreSQL server', () => {
  const serverUrl = realServerUrl ?? '';
  const admin = { connectionString: serverUrl };
  const a = uniqueEnvironment('provision-a');
  const b = uniqueEnvironment('provision-b');

  const as = <T>(
    names: EnvironmentDatabaseNames,
    role: keyof EnvironmentDatabaseNames['roles'],
    work: (client: pg.Client) => Promise<T>,
  ) => withConnectionAs(serverUrl, names.roles[role], names.database, work);

  async function provisionAndMigrate(names: EnvironmentDatabaseNames) {
    await provisionEnvironment(admin, names, {
      iamAuth: false,
      passwords: { readonly: 'correct horse battery' },
    });
    await migrate({ database: urlAs(serverUrl, names.roles.migrator, names.database) });
  }

  beforeAll(async () => {
    await provisionAndMigrate(a.names);
    await provisionAndMigrate(b.names);
  });
  afterAll(async () => {
    await dropEnvironment(admin, a.names);
    await dropEnvironment(admin, b.names);
  });

  it('given a provisioned environment, then the migrator owns its database and the tables it migrated', async () => {
    const owners = await as(a.names, 'migrator', async (client) => {
      const { rows } = await client.query(
        `SELECT pg_get_userbyid(d.datdba) AS database_owner,
                array_agg(DISTINCT t.tableowner::text) AS table_owners
           FROM pg_database d, pg_tables t
          WHERE d.datname = current_database() AND t.schemaname = 'public'
          GROUP BY d.datdba`,
      );
      return rows[0];
    });
    expect(owners).toEqual({
      database_owner: a.names.roles.migrator,
      table_owners: [a.names.roles.migrator],
    });
  });

  it('given the app role, when it writes rows of a migrated table, then it may (default privileges reached the table)', async () => {
    await as(a.names, 'app', (client) =>
      client.query(`INSERT INTO products (sku, name) VALUES ('APP-WRITE', 'Written by the app role')`),
    );
    const { rows } = await as(a.names, 'readonly', (client) =>
      client.query(`SELECT name FROM products WHERE sku = 'APP-WRITE'`),
    );
    expect(rows).toEqual([{ name: 'Written by the app role' }]);
  });

  it.each([
    ['CREATE TABLE', 'CREATE TABLE app_made (id int)'],
    ['ALTER TABLE', 'ALTER TABLE orders ADD COLUMN app_made int'],
    ['DROP TABLE', 'DROP TABLE reports'],
    ['TRUNCATE', 'TRUNCATE order_events'],
  ])('given the app role, when it tries %s, then PostgreSQL refuses it (42501)', async (_, statement) => {
    await expect(as(a.names, 'app', (client) => client.query(statement))).rejects.toMatchObject({
      code: INSUFFICIENT_PRIVILEGE,
    });
  });

  it.each([
    ['INSERT', `INSERT INTO products (sku, name) VALUES ('RO-WRITE', 'no')`],
    ['UPDATE', `UPDATE products SET name = 'changed'`],
    ['DELETE', 'DELETE FROM products'],
    ['CREATE TABLE', 'CREATE TABLE readonly_made (id int)'],
    ['DROP TABLE', 'DROP TABLE products'],
  ])(
    'given the readonly role, when it tries %s, then PostgreSQL refuses it (42501)',
    async (_, statement) => {
      await expect(as(a.names, 'readonly', (client) => client.query(statement))).rejects.toMatchObject({
        code: INSUFFICIENT_PRIVILEGE,
      });
    },
  );

  it.each(['migrator', 'app', 'readonly'] as const)(
    "given A's %s role, when it connects to B's database, then the server refuses it (42501)",
    async (role) => {
      await expect(
        withConnectionAs(serverUrl, a.names.roles[role], b.names.database, async () => {}),
      ).rejects.toMatchObject({
        code: INSUFFICIENT_PRIVILEGE,
      });
    },
  );

  it("given a table and rows in B, when A's app role looks for them from A's database, then it sees neither", async () => {
    await as(b.names, 'migrator', async (client) => {
      await client.query('CREATE TABLE b_only (id int)');
      await client.query(`INSERT INTO products (sku, name) VALUES ('B-ONLY', 'Only in B')`);
    });
    const seen = await as(a.names, 'app', async (client) => {
      const table = await client.query(`SELECT to_regclass('b_only') AS table`);
      const product = await client.query(`SELECT count(*)::int AS n FROM products WHERE sku = 'B-ONLY'`);
      return { table: table.rows[0].table, products: product.rows[0].n };
    });
    expect(seen).toEqual({ table: null, products: 0 });
  });

  it('given a provisioned environment, when it is provisioned again, then it still works and nothing is duplicated', async () => {
    await provisionEnvironment(admin, a.names, {
      iamAuth: false,
      passwords: { readonly: 'correct horse battery' },
    });
    const { rows } = await as(a.names, 'app', (client) =>
      client.query(`SELECT count(*)::int AS n FROM products`),
    );
    expect(rows[0].n).toBeGreaterThanOrEqual(1);
  });

  it('given two provisioners of one new environment at once, then both succeed', async () => {
    const c = uniqueEnvironment('provision-race');
    try {
      await Promise.all([
        provisionEnvironment(admin, c.names, { iamAuth: false }),
        provisionEnvironment(admin, c.names, { iamAuth: false }),
      ]);
      const { rows } = await as(c.names, 'migrator', (client) =>
        client.query('SELECT current_database() AS db'),
      );
      expect(rows[0].db).toBe(c.names.database);
    } finally {
      await dropEnvironment(admin, c.names);
    }
  });

  it('given the readonly password, then it is stored as a SCRAM verifier and never in clear', async () => {
    const adminClient = new pg.Client(admin);
    await adminClient.connect();
    try {
      const { rows } = await adminClient.query('SELECT rolpassword FROM pg_authid WHERE rolname = $1', [
        a.names.roles.readonly,
      ]);
      expect(rows[0].rolpassword).toMatch(/^SCRAM-SHA-256\$/);
      expect(rows[0].rolpassword).not.toContain('correct horse battery');
    } finally {
      await adminClient.end();
    }
  });

  it('given the migrator, when it seeds the catalogue twice, then the second run writes no row', async () => {
    const pool = new pg.Pool({
      connectionString: urlAs(serverUrl, a.names.roles.migrator, a.names.database),
      max: 1,
    });
    try {
      await seedCatalogue(pool);
      const snapshot = () =>
        pool.query(
          `SELECT p.sku, p.xmin::text AS product_version, pp.currency, pp.xmin::text AS price_version
             FROM products p JOIN product_prices pp ON pp.product_id = p.id ORDER BY p.sku, pp.currency`,
        );
      const before = (await snapshot()).rows;
      await seedCatalogue(pool);
      expect((await snapshot()).rows).toEqual(before);
    } finally {
      await pool.end();
    }
  });

  it('given an administrator who is not a superuser (like the RDS master: CREATEDB, CREATEROLE), then it provisions and drops', async () => {
    const master = `${uniqueEnvironment('master').names.database}_admin`;
    const c = uniqueEnvironment('provision-nonsuper');
    const adminClient = new pg.Client(admin);
    await adminClient.connect();
    try {
      await adminClient.query(`CREATE ROLE ${pg.escapeIdentifier(master)} LOGIN CREATEDB CREATEROLE`);
      const asMaster = { connectionString: urlAs(serverUrl, master, new URL(serverUrl).pathname.slice(1)) };
      await provisionEnvironment(asMaster, c.names, {
        iamAuth: false,
        passwords: { readonly: 'pw' },
        claimedBy: 'stack',
      });
      await migrate({ database: urlAs(serverUrl, c.names.roles.migrator, c.names.database) });
      const { rows } = await as(c.names, 'app', (client) =>
        client.query('SELECT count(*)::int AS n FROM orders'),
      );
      expect(rows[0].n).toBe(0);
      await dropEnvironment(asMaster, c.names, { claimedBy: 'stack' });
    } finally {
      await dropEnvironment(admin, c.names);
      await adminClient.query(`DROP ROLE IF EXISTS ${pg.escapeIdentifier(master)}`);
      await adminClient.end();
    }
  });

  it('given a dropped environment, then its database and roles are gone, and dropping again is harmless', async () => {
    const c = uniqueEnvironment('provision-drop');
    await provisionEnvironment(admin, c.names, { iamAuth: false });
    await dropEnvironment(admin, c.names);
    await dropEnvironment(admin, c.names);
    const adminClient = new pg.Client(admin);
    await adminClient.connect();
    try {
      const { rows } = await adminClient.query(
        `SELECT (SELECT count(*) FROM pg_database WHERE datname = $1)::int AS databases,
                (SELECT count(*) FROM pg_roles WHERE rolname LIKE $1 || '%')::int AS roles`,
        [c.names.database],
      );
      expect(rows[0]).toEqual({ databases: 0, roles: 0 });
    } finally {
      await adminClient.end();
    }
  });
});
