import { ArnFormat, CfnResource, Stack } from 'aws-cdk-lib';
import { CfnPolicy, CfnRole } from 'aws-cdk-lib/aws-iam';
import { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IConstruct } from 'constructs';

/** AWS managed policies that let a role write to every log group in the account. */
const LOG_WILDCARD_MANAGED_POLICIES = ['AWSLambdaBasicExecutionRole', 'AWSLambdaVPCAccessExecutionRole'];

/**
 * What a VPC function's role needs for Lambda to manage its ENIs: the ec2 statement of
 * AWSLambdaVPCAccessExecutionRole as AWS writes it (Resource `*`), without that policy's log writes
 * on every log group.
 */
export const ENI_ACTIONS = [
  'ec2:CreateNetworkInterface',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeSubnets',
  'ec2:DeleteNetworkInterface',
  'ec2:AssignPrivateIpAddresses',
  'ec2:UnassignPrivateIpAddresses',
];

/** How long the logs of Amplify's and CDK's own functions are kept (ours keep theirs 30 days). */
const HELPER_LOG_RETENTION = RetentionDays.ONE_MONTH;

type Json = Record<string, unknown>;
const resolve = (scope: IConstruct, value: unknown) => Stack.of(scope).resolve(value) as unknown;
const isLambda = (node: IConstruct): node is CfnResource =>
  node instanceof CfnResource && node.cfnResourceType === 'AWS::Lambda::Function';
/**
 * CDK's custom-resource providers write their function and role as plain CfnResources: their
 * properties are readable only through this field (it is what CfnResource renders).
 */
const propertiesOf = (resource: CfnResource): Json =>
  (resource as unknown as { _cfnProperties: Json })._cfnProperties ?? {};

/**
 * Every Lambda function of the app (ours, Amplify's SQL Lambda and its layer patcher, CDK's
 * custom-resource, trigger, log-retention and deployment providers) logs to a log group of its own,
 * with retention, and its role may write to that group only:
 * - a group is created for each function that has none and set as its LoggingConfig;
 * - the log-wildcard managed policies (AWSLambdaBasicExecutionRole, AWSLambdaVPCAccessExecutionRole)
 *   and inline statements that write logs anywhere (`arn:aws:logs:*:*:*`, Amplify's SQL roles) are
 *   removed from its role;
 * - a policy granting CreateLogStream/PutLogEvents on its group (and, for a VPC function, the ENI
 *   actions) is attached, and the function waits for it.
 * Call it once the app is built (before cdk-nag).
 */
export function giveEveryFunctionItsOwnLogs(app: IConstruct): void {
  for (const fn of app.node.findAll().filter(isLambda)) {
    const properties = fn instanceof CfnFunction ? undefined : propertiesOf(fn);
    const read = (key: 'loggingConfig' | 'vpcConfig' | 'role', cfnKey: string) =>
      resolve(fn, fn instanceof CfnFunction ? fn[key] : properties?.[cfnKey]);
    const scope = fn.node.scope as IConstruct;

    // Amplify's defineFunction gives ours a group (with retention) already; the rest get one here.
    const existing =
      fn instanceof CfnFunction
        ? (fn.loggingConfig as { logGroup?: string } | undefined)?.logGroup
        : undefined;
    const logGroupName = existing ?? newLogGroup(fn, scope);
    const logGroupArn = Stack.of(fn).formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: logGroupName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });

    const role = roleOf(fn, read('role', 'Role'));
    if (!role) throw new Error(`${fn.node.path}: its role is not in its stack`);
    removeLogWildcards(role);
    const policy = new CfnPolicy(scope, 'OwnLogsPolicy', {
      policyName: 'own-log-group',
      roles: [role.ref],
      policyDocument: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: logGroupArn },
          ...(read('vpcConfig', 'VpcConfig')
            ? [{ Effect: 'Allow', Action: ENI_ACTIONS, Resource: '*' }]
            : []),
        ],
      },
    });
    fn.addDependency(policy);
  }
}

function newLogGroup(fn: CfnResource, scope: IConstruct): string {
  const group = new LogGroup(scope, 'OwnLogGroup', { retention: HELPER_LOG_RETENTION });
  if (fn instanceof CfnFunction)
    fn.loggingConfig = { ...(fn.loggingConfig as object), logGroup: group.logGroupName };
  else fn.addPropertyOverride('LoggingConfig.LogGroup', group.logGroupName);
  return group.logGroupName;
}

/** The role resource a function's `Role` (`Fn::GetAtt [<role>, Arn]`) names, in the function's stack. */
export function roleOf(fn: CfnResource, roleArn: unknown): CfnResource | undefined {
  const logicalId = (roleArn as { 'Fn::GetAtt'?: [string, string] } | undefined)?.['Fn::GetAtt']?.[0];
  const stack = Stack.of(fn);
  return stack.node
    .findAll()
    .find(
      (node): node is CfnResource =>
        node instanceof CfnResource &&
        node.cfnResourceType === 'AWS::IAM::Role' &&
        Stack.of(node) === stack &&
        stack.resolve(node.logicalId) === logicalId,
    );
}

/** cdk-nag reads L1 properties, so CfnRole and CfnPolicy are edited in place; plain CfnResources by override. */
function removeLogWildcards(role: CfnResource): void {
  const stack = Stack.of(role);
  const managed = stack.resolve(
    role instanceof CfnRole ? role.managedPolicyArns : propertiesOf(role).ManagedPolicyArns,
  );
  if (Array.isArray(managed)) {
    const kept = managed.filter(
      (arn) => !LOG_WILDCARD_MANAGED_POLICIES.some((name) => JSON.stringify(arn).includes(name)),
    );
    if (role instanceof CfnRole) role.managedPolicyArns = kept;
    else role.addPropertyOverride('ManagedPolicyArns', kept);
  }
  const roleRef = JSON.stringify(stack.resolve(role.ref));
  for (const policy of stack.node.findAll()) {
    if (!(policy instanceof CfnPolicy) || Stack.of(policy) !== stack) continue;
    if (!JSON.stringify(stack.resolve(policy.roles)).includes(roleRef)) continue;
    const document = stack.resolve(policy.policyDocument) as { Statement?: Json[] };
    const statements = document.Statement ?? [];
    const kept = statements.filter((statement) => !writesLogsAnywhere(statement));
    if (kept.length !== statements.length) policy.policyDocument = { ...document, Statement: kept };
  }
}

const writesLogsAnywhere = (statement: Json) => {
  const actions = [statement.Action].flat() as string[];
  const resources = [statement.Resource].flat().map((resource) => JSON.stringify(resource));
  return (
    actions.some((action) => action.startsWith('logs:')) &&
    resources.some((resource) => resource === '"*"' || resource.includes(':*:*'))
  );
};
