import type { Platform } from '../../../amplify/config/index.ts';
import { GRAPHQL_LIMITS } from '../../../amplify/data/graphql-limits.ts';
import { NO_USER_GROUP } from '../../../amplify/data/resource.ts';
import { resourcesOfType, type SynthesizedBackend } from './synthesized-backend.ts';

/**
 * The security invariants, each a check over the synthesized backend that returns what breaks it
 * (empty = holds). Pure functions of the synthesized data, so a test can also feed them a deliberately
 * broken copy and see them fail.
 */
export type Invariant = (backend: SynthesizedBackend, platform: Platform) => string[];

const json = (value: unknown) => String(JSON.stringify(value));
const asArray = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

function lambdas(backend: SynthesizedBackend) {
  return resourcesOfType(backend.templates, 'AWS::Lambda::Function');
}
const environmentOf = (properties: Record<string, unknown>) =>
  ((properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ??
    {}) as Record<string, unknown>;
/** Functions this project defines (they carry a Powertools service name). */
const projectLambdas = (backend: SynthesizedBackend) =>
  lambdas(backend).filter((fn) => 'POWERTOOLS_SERVICE_NAME' in environmentOf(fn.properties));

/** The environment's own Lambda group: the one security group its template creates. */
const environmentLambdaGroups = (backend: SynthesizedBackend) =>
  resourcesOfType(backend.templates, 'AWS::EC2::SecurityGroup').map((group) => group.logicalId);
/** A reference to the group: GetAtt in its own stack, or the nested-stack output named after it elsewhere. */
const isEnvironmentLambdaGroup = (backend: SynthesizedBackend, groupId: unknown) =>
  environmentLambdaGroups(backend).some(
    (id) =>
      json(groupId).includes(`"${id}"`) ||
      new RegExp(`${id.replace(/[0-9A-F]{8}$/, '')}[0-9A-F]{8}GroupId"`).test(json(groupId)),
  );

export const databaseFunctionsRunInIsolatedSubnets: Invariant = (backend, platform) => {
  const isolated = platform.network.isolatedSubnets.map((subnet) => subnet.subnetId).sort();
  // Ours carry DB_HOST and run with the environment's own group; Amplify's SQL Lambda (recognisable
  // by its logical ID) runs with the platform's SQL Lambda group, the only ID it can know in advance.
  const databaseFunctions = lambdas(backend).filter(
    (fn) => 'DB_HOST' in environmentOf(fn.properties) || fn.logicalId.startsWith('SQLFunction'),
  );
  const problems =
    databaseFunctions.length < 5 ? [`only ${databaseFunctions.length} database functions found`] : [];
  for (const fn of databaseFunctions) {
    const vpc = fn.properties.VpcConfig as { SubnetIds?: string[]; SecurityGroupIds?: unknown[] } | undefined;
    if (json([...(vpc?.SubnetIds ?? [])].sort()) !== json(isolated))
      problems.push(`${fn.logicalId}: subnets ${json(vpc?.SubnetIds)}`);
    const groups = vpc?.SecurityGroupIds ?? [];
    const expected = fn.logicalId.startsWith('SQLFunction')
      ? json(groups) === json([platform.network.sqlLambdaSecurityGroupId])
      : groups.length === 1 && isEnvironmentLambdaGroup(backend, groups[0]);
    if (!expected) problems.push(`${fn.logicalId}: security groups ${json(groups)}`);
  }
  return problems;
};

const OPEN = ['0.0.0.0/0', '::/0'];
export const noSecurityGroupRuleAdmitsTheInternet: Invariant = (backend) => {
  const rules = [
    ...resourcesOfType(backend.templates, 'AWS::EC2::SecurityGroupIngress').map((rule) => rule.properties),
    ...resourcesOfType(backend.templates, 'AWS::EC2::SecurityGroupEgress').map((rule) => rule.properties),
    ...resourcesOfType(backend.templates, 'AWS::EC2::SecurityGroup').flatMap((group) => [
      ...asArray(group.properties.SecurityGroupIngress as object[]),
      ...asArray(group.properties.SecurityGroupEgress as object[]),
    ]),
  ] as Array<{ CidrIp?: string; CidrIpv6?: string }>;
  return rules
    .filter((rule) => OPEN.includes(rule.CidrIp ?? '') || OPEN.includes(rule.CidrIpv6 ?? ''))
    .map(json);
};

export const lambdaGroupEgressIsRestricted: Invariant = (backend, platform) => {
  const { proxySecurityGroupId, endpointSecurityGroupId, s3PrefixListId } = platform.network;
  const allowed = (rule: Record<string, unknown>) =>
    rule.IpProtocol === 'tcp' &&
    rule.FromPort === rule.ToPort &&
    ((rule.FromPort === platform.database.port && rule.DestinationSecurityGroupId === proxySecurityGroupId) ||
      (rule.FromPort === 443 && rule.DestinationPrefixListId === s3PrefixListId) ||
      (rule.FromPort === 443 && rule.DestinationSecurityGroupId === endpointSecurityGroupId));
  const egress = resourcesOfType(backend.templates, 'AWS::EC2::SecurityGroupEgress').filter((rule) =>
    isEnvironmentLambdaGroup(backend, rule.properties.GroupId),
  );
  const problems = egress.length === 0 ? ['no explicit egress rules on the Lambda group'] : [];
  return [
    ...problems,
    ...egress.filter((rule) => !allowed(rule.properties)).map((rule) => json(rule.properties)),
  ];
};

export const bucketsDenyPlainHttpAndBlockPublicAccess: Invariant = (backend) => {
  const policies = resourcesOfType(backend.templates, 'AWS::S3::BucketPolicy');
  const problems: string[] = [];
  for (const bucket of resourcesOfType(backend.templates, 'AWS::S3::Bucket').filter((b) =>
    b.logicalId.startsWith('Reports'),
  )) {
    const block = bucket.properties.PublicAccessBlockConfiguration as Record<string, boolean> | undefined;
    const allBlocked = [
      'BlockPublicAcls',
      'BlockPublicPolicy',
      'IgnorePublicAcls',
      'RestrictPublicBuckets',
    ].every((key) => block?.[key] === true);
    if (!allBlocked) problems.push(`${bucket.logicalId}: public access not fully blocked`);
    const deniesHttp = policies.some(
      (policy) =>
        json(policy.properties.Bucket).includes(`"${bucket.logicalId}"`) &&
        asArray((policy.properties.PolicyDocument as { Statement: object[] }).Statement).some(
          (statement) =>
            (statement as { Effect: string }).Effect === 'Deny' &&
            json(statement).includes('"aws:SecureTransport":"false"'),
        ),
    );
    if (!deniesHttp) problems.push(`${bucket.logicalId}: no Deny on aws:SecureTransport=false`);
  }
  return problems.length === 0 &&
    !resourcesOfType(backend.templates, 'AWS::S3::Bucket').some((b) =>
      b.logicalId.startsWith('ReportsBucket'),
    )
    ? ['no reports bucket']
    : problems;
};

export const everyRouteButPreflightHasTheJwtAuthorizer: Invariant = (backend) => {
  const authorizers = resourcesOfType(backend.templates, 'AWS::ApiGatewayV2::Authorizer');
  const jwt = authorizers.filter(
    (authorizer) =>
      authorizer.properties.AuthorizerType === 'JWT' &&
      json(authorizer.properties.JwtConfiguration).includes('cognito-idp') &&
      asArray((authorizer.properties.JwtConfiguration as { Audience?: unknown[] }).Audience).length === 1,
  );
  const routes = resourcesOfType(backend.templates, 'AWS::ApiGatewayV2::Route');
  const problems = routes.length < 6 ? [`only ${routes.length} routes`] : [];
  for (const route of routes) {
    if (String(route.properties.RouteKey).startsWith('OPTIONS ')) continue;
    const usesJwt =
      route.properties.AuthorizationType === 'JWT' &&
      jwt.some((authorizer) => json(route.properties.AuthorizerId).includes(`"${authorizer.logicalId}"`));
    if (!usesJwt)
      problems.push(`${route.properties.RouteKey}: ${route.properties.AuthorizationType ?? 'NONE'}`);
  }
  return problems;
};

export const httpApiIsThrottled: Invariant = (backend) => {
  const stages = resourcesOfType(backend.templates, 'AWS::ApiGatewayV2::Stage');
  if (stages.length === 0) return ['no HTTP API stage'];
  return stages
    .filter((stage) => {
      const settings = stage.properties.DefaultRouteSettings as Record<string, number> | undefined;
      return !((settings?.ThrottlingRateLimit ?? 0) > 0 && (settings?.ThrottlingBurstLimit ?? 0) > 0);
    })
    .map((stage) => `${stage.logicalId}: ${json(stage.properties.DefaultRouteSettings)}`);
};

/** AppSync's query depth and resolver count limits, set to GRAPHQL_LIMITS (Amplify leaves them unset). */
export const graphqlApiHasTheLimits: Invariant = (backend) => {
  const apis = resourcesOfType(backend.templates, 'AWS::AppSync::GraphQLApi');
  if (apis.length === 0) return ['no GraphQL API'];
  return apis
    .filter(
      (api) =>
        api.properties.QueryDepthLimit !== GRAPHQL_LIMITS.queryDepthLimit ||
        api.properties.ResolverCountLimit !== GRAPHQL_LIMITS.resolverCountLimit,
    )
    .map(
      (api) =>
        `${api.logicalId}: QueryDepthLimit ${json(api.properties.QueryDepthLimit)}, ResolverCountLimit ${json(api.properties.ResolverCountLimit)}`,
    );
};

export const identityPoolRefusesUnauthenticatedIdentities: Invariant = (backend) => {
  const pools = resourcesOfType(backend.templates, 'AWS::Cognito::IdentityPool');
  if (pools.length === 0) return ['no identity pool'];
  return pools
    .filter((pool) => pool.properties.AllowUnauthenticatedIdentities !== false)
    .map((pool) => pool.logicalId);
};

export const publishOrderEventIsNotCallableThroughTheUserPool: Invariant = (backend) => {
  const field = backend.graphqlSchema
    .split('\n')
    .find((line) => line.trim().startsWith('publishOrderEvent('));
  if (!field) return ['publishOrderEvent is missing from the schema'];
  const problems: string[] = [];
  const userPoolDirectives = [...field.matchAll(/@aws_cognito_user_pools(\([^)]*\))?/g)];
  if (userPoolDirectives.some((directive) => directive[1] !== `(cognito_groups: ["${NO_USER_GROUP}"])`))
    problems.push(`user-pool callers admitted: ${field.trim()}`);
  const groups = resourcesOfType(backend.templates, 'AWS::Cognito::UserPoolGroup').map(
    (group) => group.properties.GroupName,
  );
  if (groups.includes(NO_USER_GROUP)) problems.push(`a user pool group named ${NO_USER_GROUP} exists`);
  const resolver = Object.values(backend.resolverCode).find((code) =>
    code.includes('ORDER_EVENT_PUBLISHER_ROLE'),
  );
  if (!resolver?.includes('util.unauthorized()') || !resolver.includes("'IAM Authorization'"))
    problems.push('the publishOrderEvent resolver does not check the caller');
  return problems;
};

/** Actions whose service supports no resource-level permissions: `*` is the only possible resource. */
const NO_RESOURCE_LEVEL = new Set(['xray:PutTraceSegments', 'xray:PutTelemetryRecords']);
/** Policies Amplify and CDK write for their own helpers (SQL Lambda, log retention, asset upload). */
const NOT_OURS = /^(SQL|LogRetention|CustomCDKBucketDeployment|AWS679f53fac002430cb0da5b7982bd2287)/;

export const noWildcardIamThisProjectWrites: Invariant = (backend) => {
  const problems: string[] = [];
  for (const policy of resourcesOfType(backend.templates, 'AWS::IAM::Policy')) {
    if (NOT_OURS.test(policy.logicalId)) continue;
    for (const statement of asArray(
      (policy.properties.PolicyDocument as { Statement: object[] }).Statement,
    ) as Array<{
      Action: string | string[];
      Resource?: unknown;
    }>) {
      const actions = asArray(statement.Action);
      if (actions.some((action) => action === '*' || action.endsWith(':*')))
        problems.push(`${policy.logicalId}: action ${json(actions)}`);
      if (
        asArray(statement.Resource).includes('*') &&
        !actions.every((action) => NO_RESOURCE_LEVEL.has(action))
      )
        problems.push(`${policy.logicalId}: resource * for ${json(actions)}`);
    }
  }
  return problems;
};

export const everyLogGroupHasRetention: Invariant = (backend) => {
  const groups = resourcesOfType(backend.templates, 'AWS::Logs::LogGroup');
  const problems = groups
    .filter((group) => !(Number(group.properties.RetentionInDays) > 0))
    .map((group) => group.logicalId);
  for (const retention of resourcesOfType(backend.templates, 'Custom::LogRetention')) {
    if (!(Number(retention.properties.RetentionInDays) > 0)) problems.push(retention.logicalId);
  }
  // Our functions log to a group of their own (with retention), never to an implicit, unbounded one.
  for (const fn of projectLambdas(backend)) {
    if (!(fn.properties.LoggingConfig as { LogGroup?: unknown } | undefined)?.LogGroup)
      problems.push(`${fn.logicalId}: implicit log group`);
  }
  return problems;
};

export const wafProtectsAppSyncAndTheUserPool: Invariant = (backend) => {
  const targets = resourcesOfType(backend.templates, 'AWS::WAFv2::WebACLAssociation').map((association) =>
    json(association.properties.ResourceArn),
  );
  return [
    ...(targets.some((arn) => arn.includes('GraphQLAPI')) ? [] : ['no WAF association on the AppSync API']),
    ...(targets.some((arn) => arn.includes('UserPool')) ? [] : ['no WAF association on the user pool']),
  ];
};

export const tracingIsOn: Invariant = (backend) => {
  const functions = projectLambdas(backend);
  const problems = functions.length < 5 ? [`only ${functions.length} project functions found`] : [];
  problems.push(
    ...functions
      .filter((fn) => (fn.properties.TracingConfig as { Mode?: string } | undefined)?.Mode !== 'Active')
      .map((fn) => `${fn.logicalId}: tracing off`),
  );
  const apis = resourcesOfType(backend.templates, 'AWS::AppSync::GraphQLApi');
  problems.push(
    ...apis.filter((api) => api.properties.XrayEnabled !== true).map((api) => `${api.logicalId}: X-Ray off`),
  );
  return apis.length === 0 ? [...problems, 'no AppSync API'] : problems;
};
