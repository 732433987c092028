import { beforeAll, describe, expect, it } from 'vitest';
import {
  LOCAL_ACCOUNT_ID,
  LOCAL_ORDER_EVENT_BUS,
  LOCAL_REGION,
  LOCAL_REPORT_BUCKET,
  LOCAL_USER_POOL_ID,
} from '../../local-cloud/config.ts';
import {
  databaseCredentialStandIn,
  type FunctionRole,
  projectFunctionPolicies,
} from '../../local-cloud/iam/function-policies.ts';
import type { PolicyStatement } from '../../local-cloud/iam/policy.ts';
import { type SynthesizedBackend, synthesizeBackend } from './support/synthesized-backend.ts';

// The local cloud authorizes each function's AWS calls against local-cloud/iam/function-policies.ts.
// That table must say exactly what the CDK grants each role for the services the local cloud
// emulates, so a grant added, widened or dropped in amplify/ without the same change locally fails here.
// One grant is translated: `rds-db:connect` as the role's own database user (the cloud's sign-in) is
// the local cloud's read of the database secret (the local database takes passwords).

const EMULATED_SERVICES = ['rds-db', 'secretsmanager', 's3', 'ses', 'events', 'cognito-idp', 'lambda'];
const SECRET = 'the-database-secret';
/** Each role's logical-id prefix in the synthesized templates. */
const ROLE_IDS: Record<FunctionRole, string> = {
  'orders-api': 'ordersapilambdaServiceRole',
  'report-download': 'reportdownloadlambdaServiceRole',
  'outbox-relay': 'outboxrelaylambdaServiceRole',
  report: 'reportlambdaServiceRole',
  'pre-token-generation': 'pretokengenerationlambdaServiceRole',
};

/** A template value with the cloud's resources replaced by the local cloud's. */
function resolve(value: unknown): string {
  if (typeof value === 'string') return value;
  const node = value as Record<string, unknown>;
  if ('Fn::Join' in node) {
    const [separator, parts] = node['Fn::Join'] as [string, unknown[]];
    return parts.map(resolve).join(separator);
  }
  const reference = String(node.Ref ?? (node['Fn::GetAtt'] as string[] | undefined)?.[0]);
  const known: Array<[RegExp, string]> = [
    [/^AWS::Partition$/, 'aws'],
    [/^AWS::Region$/, LOCAL_REGION],
    [/^AWS::AccountId$/, LOCAL_ACCOUNT_ID],
    [
      /OrderEventsBus.*Arn$/,
      `arn:aws:events:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:event-bus/${LOCAL_ORDER_EVENT_BUS}`,
    ],
    [/^ReportsBucket/, `arn:aws:s3:::${LOCAL_REPORT_BUCKET}`],
    [
      /^amplifyAuthUserPool/,
      `arn:aws:cognito-idp:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:userpool/${LOCAL_USER_POOL_ID}`,
    ],
  ];
  const match = known.find(([pattern]) => pattern.test(reference));
  if (!match) throw new Error(`no local equivalent for ${JSON.stringify(value)}`);
  return match[1];
}

const list = (value: unknown) => (Array.isArray(value) ? value : [value]);

/** One line per statement, independent of order and of single-or-list forms. */
function canonical(statement: { Effect: unknown; Action: unknown; Resource: unknown; Condition?: unknown }) {
  return JSON.stringify({
    effect: statement.Effect,
    actions: list(statement.Action).map(String).sort(),
    resources: list(statement.Resource).map(resolve).sort(),
    condition: statement.Condition ?? null,
  });
}

function grantedInTemplates(backend: SynthesizedBackend, roleId: string): string[] {
  const statements: PolicyStatement[] = [];
  for (const template of Object.values(backend.templates)) {
    for (const resource of Object.values(template.Resources ?? {})) {
      const properties = resource.Properties as
        | { Roles?: Array<{ Ref?: string }>; PolicyDocument?: { Statement: PolicyStatement[] } }
        | undefined;
      if (resource.Type !== 'AWS::IAM::Policy') continue;
      if (!properties?.Roles?.some((role) => role.Ref?.startsWith(roleId))) continue;
      statements.push(...(properties.PolicyDocument?.Statement ?? []));
    }
  }
  return statements
    .filter((statement) =>
      list(statement.Action).some((action) => EMULATED_SERVICES.includes(String(action).split(':')[0] ?? '')),
    )
    .map((statement) =>
      canonical(isDatabaseSignIn(statement) ? databaseCredentialStandIn(SECRET) : statement),
    )
    .sort();
}

/** The role's IAM sign-in to the database: `rds-db:connect` on one database user of the proxy. */
function isDatabaseSignIn(statement: PolicyStatement): boolean {
  const actions = list(statement.Action).map(String);
  return actions.length === 1 && actions[0] === 'rds-db:connect' && list(statement.Resource).length === 1;
}

describe("the local cloud's function policies", () => {
  let backend: SynthesizedBackend;
  beforeAll(async () => {
    backend = await synthesizeBackend();
  });

  it.each(Object.entries(ROLE_IDS))(
    'given the synthesized backend, when the %s role is read, then the local cloud grants it the same statements',
    (role, roleId) => {
      const local = projectFunctionPolicies(SECRET)[role as FunctionRole].map(canonical).sort();
      const granted = grantedInTemplates(backend, roleId);
      expect(granted.length).toBeGreaterThan(0);
      expect(local).toEqual(granted);
    },
  );
});
