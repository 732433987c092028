import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import * as z from 'zod';
import { environmentDatabaseNames } from '../../db/environment-names.ts';
import { dropEnvironment, provisionEnvironment } from '../../db/provision.ts';
import { onUnlessFalse, readConfig } from '../lib/config.ts';
import { connectionSettings } from '../lib/database.ts';
import { logger, observedHandler } from '../lib/observability.ts';

/**
 * The platform's provisioner: the `onEvent` handler of a CDK custom-resources Provider (the
 * framework answers CloudFormation; this returns the result or throws). It alone holds the master
 * secret (DB_SECRET_ARN, connecting to the maintenance database DB_NAME on the cluster's writer).
 *
 *   Create/Update: create the environment's database and roles (idempotent), set the readonly
 *                  role's password from the SecureString ReadonlyPasswordParameter when given.
 *   Delete:        drop them when Removal=destroy; keep them when retain.
 *
 * Data: DatabaseName, MigratorRole, AppRole, ReadonlyRole. Never a password. The database is
 * claimed by the requesting stack's name, so another stack that names the same environment is
 * refused (db/provision.ts).
 */
const properties = z.object({
  Environment: z.string().min(1).max(256),
  Removal: z.enum(['destroy', 'retain']),
  // SSM parameter names: letters, digits, . - _ and / separators (Amplify's live under /amplify/).
  ReadonlyPasswordParameter: z
    .string()
    .regex(/^\/?[A-Za-z0-9_.\-/]{1,2048}$/)
    .optional(),
});

const stackId = z
  .string()
  .regex(/^arn:aws[a-z-]*:cloudformation:[a-z0-9-]+:\d{12}:stack\/[^/]+\/.+$/, 'not a stack ARN');

const event = z.object({
  RequestType: z.enum(['Create', 'Update', 'Delete']),
  StackId: stackId,
  ResourceProperties: properties,
});

export class InvalidProvisionRequestError extends Error {
  override readonly name = 'InvalidProvisionRequestError';
}

export interface ProvisionResult {
  PhysicalResourceId: string;
  Data: { DatabaseName: string; MigratorRole: string; AppRole: string; ReadonlyRole: string };
}

/** `DB_ROLES_IAM_AUTH=false` only off RDS, where the `rds_iam` role does not exist. */
const config = readConfig('provision-environment', { DB_ROLES_IAM_AUTH: onUnlessFalse });

const ssm = new SSMClient({});

export const handler = observedHandler(async (input: unknown): Promise<ProvisionResult> => {
  const parsed = event.safeParse(input);
  if (!parsed.success) {
    // Only paths and messages: the event may carry values we do not want in logs.
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new InvalidProvisionRequestError(`Invalid provisioning request (${issues.join('; ')})`);
  }
  const request = parsed.data;
  const { Environment, Removal, ReadonlyPasswordParameter } = request.ResourceProperties;
  const names = environmentDatabaseNames(Environment);
  // The stack's name, not its ARN: a retained environment is adopted again by a stack of the same name.
  const claimedBy = request.StackId.split('/')[1];
  const admin = await connectionSettings();
  logger.info('Provisioning request', {
    requestType: request.RequestType,
    database: names.database,
    Removal,
  });

  if (request.RequestType === 'Delete') {
    if (Removal === 'destroy') await dropEnvironment(admin, names, { claimedBy });
  } else {
    await provisionEnvironment(admin, names, {
      iamAuth: config.DB_ROLES_IAM_AUTH,
      passwords: {
        readonly: ReadonlyPasswordParameter && (await readSecureParameter(ReadonlyPasswordParameter)),
      },
      claimedBy,
    });
  }
  return {
    PhysicalResourceId: names.database,
    Data: {
      DatabaseName: names.database,
      MigratorRole: names.roles.migrator,
      AppRole: names.roles.app,
      ReadonlyRole: names.roles.readonly,
    },
  };
});

/**
 * The readonly password's single source is the SQL_CONNECTION_STRING secret Amplify stores in
 * SSM: a connection string (its password part) or a bare password.
 */
async function readSecureParameter(name: string): Promise<string> {
  const { Parameter } = await ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
  const value = Parameter?.Value;
  if (!value) throw new InvalidProvisionRequestError(`Parameter ${name} has no value`);
  if (!/^postgres(ql)?:\/\//.test(value)) return value;
  const password = decodeURIComponent(new URL(value).password);
  if (!password)
    throw new InvalidProvisionRequestError(`Parameter ${name} holds a connection string with no password`);
  return password;
}
