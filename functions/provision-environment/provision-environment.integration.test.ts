import '../../tests/support/function-env.ts';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { dropEnvironment } from '../../db/provision.ts';
import { lambdaContext } from '../../local-cloud/lambda/context.ts';
import { realServerUrl } from '../../tests/support/databases.ts';
import { uniqueEnvironment, withConnectionAs } from '../../tests/support/environments.ts';
import type { handler as provisionHandler } from './handler.ts';

const MASTER_SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:platform-master-AbCdEf';
const PASSWORD_PARAMETER = '/amplify/secureorders/alice-sandbox-0123456789/SQL_CONNECTION_STRING';
const stackOf = (name: string) =>
  `arn:aws:cloudformation:eu-west-1:111122223333:stack/${name}/6e1c9a50-0000-11f0-0000-000000000000`;

// Real server only: the roles it creates log in as a trust-auth server lets them (the embedded one
// asks for passwords). AWS is mocked at
// the SDK's wire (the master secret, the SSM parameter); the SQL is real.
describe.skipIf(!realServerUrl)('provision-environment custom resource against a real server', () => {
  const server = new URL(realServerUrl ?? 'postgres://unused');
  const secrets = mockClient(SecretsManagerClient);
  const ssm = mockClient(SSMClient);
  const created: ReturnType<typeof uniqueEnvironment>['names'][] = [];

  const request = (
    requestType: 'Create' | 'Update' | 'Delete',
    environment: string,
    extra: { Removal?: 'destroy' | 'retain'; ReadonlyPasswordParameter?: string; stack?: string } = {},
  ) => ({
    RequestType: requestType,
    ServiceToken: 'arn:aws:lambda:eu-west-1:111122223333:function:provider',
    StackId: stackOf(extra.stack ?? 'amplify-secureorders-alice-sandbox'),
    RequestId: 'request-1',
    LogicalResourceId: 'EnvironmentDatabase',
    ResourceType: 'Custom::EnvironmentDatabase',
    ...(requestType === 'Create' ? {} : { PhysicalResourceId: 'previous' }),
    ResourceProperties: {
      ServiceToken: 'arn:aws:lambda:eu-west-1:111122223333:function:provider',
      Environment: environment,
      Removal: extra.Removal ?? 'destroy',
      ...(extra.ReadonlyPasswordParameter
        ? { ReadonlyPasswordParameter: extra.ReadonlyPasswordParameter }
        : {}),
    },
  });

  const provisioned = (environment = 'alice') => {
    const env = uniqueEnvironment(`cr-${environment}`);
    created.push(env.names);
    return env;
  };

  async function adminQuery<T extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<T[]> {
    const client = new pg.Client({ connectionString: realServerUrl });
    await client.connect();
    try {
      return (await client.query<T>(text, values)).rows;
    } finally {
      await client.end();
    }
  }

  const databaseExists = async (database: string) =>
    (await adminQuery('SELECT 1 FROM pg_database WHERE datname = $1', [database])).length === 1;

  let handler: typeof provisionHandler;

  beforeAll(async () => {
    vi.stubEnv('DATABASE_URL', '');
    vi.stubEnv('DB_SECRET_ARN', MASTER_SECRET_ARN);
    vi.stubEnv('DB_HOST', server.hostname);
    vi.stubEnv('DB_PORT', server.port || '5432');
    vi.stubEnv('DB_NAME', server.pathname.slice(1));
    vi.stubEnv('DB_ROLES_IAM_AUTH', 'false');
    secrets.on(GetSecretValueCommand, { SecretId: MASTER_SECRET_ARN }).resolves({
      SecretString: JSON.stringify({ username: server.username, password: 'trusted-locally' }),
    });
    ssm.on(GetParameterCommand, { Name: PASSWORD_PARAMETER, WithDecryption: true }).resolves({
      Parameter: { Value: 'postgres://ro:s3cret%2Fpass@cluster.example:5432/db?sslmode=verify-full' },
    });
    // Loaded after the environment is set: the function reads its configuration at cold start.
    ({ handler } = await import('./handler.ts'));
  });
  afterEach(() => {
    secrets.resetHistory();
    ssm.resetHistory();
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    for (const names of created) await dropEnvironment({ connectionString: realServerUrl }, names);
    secrets.restore();
    ssm.restore();
  });

  it('given a Create, then the database and roles exist, the app role can connect, and Data names them without a password', async () => {
    const { environment, names } = provisioned();
    const result = await handler(request('Create', environment), lambdaContext());
    expect(result).toEqual({
      PhysicalResourceId: names.database,
      Data: {
        DatabaseName: names.database,
        MigratorRole: names.roles.migrator,
        AppRole: names.roles.app,
        ReadonlyRole: names.roles.readonly,
      },
    });
    const { rows } = await withConnectionAs(realServerUrl ?? '', names.roles.app, names.database, (client) =>
      client.query('SELECT current_user AS role'),
    );
    expect(rows[0].role).toBe(names.roles.app);
  });

  it('given ReadonlyPasswordParameter, then the readonly password is the one in the SQL connection string, read with decryption', async () => {
    const { environment, names } = provisioned();
    await handler(
      request('Create', environment, { ReadonlyPasswordParameter: PASSWORD_PARAMETER }),
      lambdaContext(),
    );
    expect(
      ssm.commandCalls(GetParameterCommand, { Name: PASSWORD_PARAMETER, WithDecryption: true }),
    ).toHaveLength(1);
    const [row] = await adminQuery<{ matches: boolean }>(
      `SELECT rolpassword LIKE 'SCRAM-SHA-256$%' AS matches FROM pg_authid WHERE rolname = $1`,
      [names.roles.readonly],
    );
    expect(row?.matches).toBe(true);
  });

  it('given an Update with the same properties, then it succeeds and changes nothing', async () => {
    const { environment, names } = provisioned();
    await handler(request('Create', environment), lambdaContext());
    const snapshot = () =>
      adminQuery(
        `SELECT datname, datacl::text, pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = $1`,
        [names.database],
      );
    const before = await snapshot();
    const result = await handler(request('Update', environment), lambdaContext());
    expect(result.PhysicalResourceId).toBe(names.database);
    expect(await snapshot()).toEqual(before);
  });

  it('given a Delete with Removal=destroy, then the database and roles are gone', async () => {
    const { environment, names } = provisioned();
    await handler(request('Create', environment), lambdaContext());
    await handler(request('Delete', environment, { Removal: 'destroy' }), lambdaContext());
    expect(await databaseExists(names.database)).toBe(false);
    expect(await adminQuery('SELECT 1 FROM pg_roles WHERE rolname LIKE $1', [`${names.database}%`])).toEqual(
      [],
    );
  });

  it('given a Delete with Removal=retain, then the database and its rows stay', async () => {
    const { environment, names } = provisioned();
    await handler(request('Create', environment, { Removal: 'retain' }), lambdaContext());
    await handler(request('Delete', environment, { Removal: 'retain' }), lambdaContext());
    expect(await databaseExists(names.database)).toBe(true);
  });

  it('given another stack naming an existing environment, when it updates or deletes it, then it is refused and the database stays', async () => {
    const { environment, names } = provisioned();
    await handler(request('Create', environment), lambdaContext());
    const intruder = {
      stack: 'amplify-secureorders-mallory-sandbox',
      ReadonlyPasswordParameter: PASSWORD_PARAMETER,
    };
    await expect(handler(request('Update', environment, intruder), lambdaContext())).rejects.toThrow(
      /belongs to another stack/,
    );
    await expect(
      handler(request('Delete', environment, { ...intruder, Removal: 'destroy' }), lambdaContext()),
    ).rejects.toThrow(/belongs to another stack/);
    expect(await databaseExists(names.database)).toBe(true);
    expect(ssm.commandCalls(GetParameterCommand)).toHaveLength(1);
  });

  it.each([
    ['an unknown RequestType', { RequestType: 'Rename' }],
    [
      'a Removal that is neither destroy nor retain',
      { ResourceProperties: { Environment: 'x', Removal: 'snapshot' } },
    ],
    ['no Environment', { ResourceProperties: { Removal: 'destroy' } }],
    ['a StackId that is not a stack ARN', { StackId: 'stack' }],
    [
      'a parameter name with a space',
      { ResourceProperties: { Environment: 'x', Removal: 'destroy', ReadonlyPasswordParameter: '/a b' } },
    ],
  ])('given %s, then it throws a validation error before touching the database', async (_, override) => {
    await expect(handler({ ...request('Create', 'x'), ...override }, lambdaContext())).rejects.toMatchObject({
      name: 'InvalidProvisionRequestError',
    });
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(0);
  });
});
