import type { Platform } from '../../../amplify/config/index.ts';
import { ENI_ACTIONS } from '../../../amplify/constructs/function-logs.ts';
import { GRAPHQL_LIMITS } from '../../../amplify/data/graphql-limits.ts';
import {
  IAM_CHECKED_BY_THEIR_OWN_RESOLVER,
  IAM_GATE_REQUEST_TEMPLATE,
} from '../../../amplify/data/iam-callers.ts';
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

/** The mutations EventBridge's target calls; no user-pool caller may reach them. */
const PUBLISH_MUTATIONS = ['publishOrderEvent', 'publishCatalogueEvent'];

export const publishMutationsAreNotCallableThroughTheUserPool: Invariant = (backend) => {
  const problems: string[] = [];
  for (const mutation of PUBLISH_MUTATIONS) {
    const field = backend.graphqlSchema.split('\n').find((line) => line.trim().startsWith(`${mutation}(`));
    if (!field) {
      problems.push(`${mutation} is missing from the schema`);
      continue;
    }
    const userPoolDirectives = [...field.matchAll(/@aws_cognito_user_pools(\([^)]*\))?/g)];
    if (userPoolDirectives.some((directive) => directive[1] !== `(cognito_groups: ["${NO_USER_GROUP}"])`))
      problems.push(`user-pool callers admitted: ${field.trim()}`);
  }
  const groups = resourcesOfType(backend.templates, 'AWS::Cognito::UserPoolGroup').map(
    (group) => group.properties.GroupName,
  );
  if (groups.includes(NO_USER_GROUP)) problems.push(`a user pool group named ${NO_USER_GROUP} exists`);
  const resolver = Object.values(backend.resolverCode).find((code) =>
    code.includes('ORDER_EVENT_PUBLISHER_ROLE'),
  );
  if (!resolver?.includes('util.unauthorized()') || !resolver.includes("'IAM Authorization'"))
    problems.push('the publish resolver does not check the caller');
  return problems;
};

/** Each realtime event kind has a bus rule that calls its own publish mutation, with a dead-letter queue. */
export const realtimeRulesReachTheirMutations: Invariant = (backend) => {
  const rules = resourcesOfType(backend.templates, 'AWS::Events::Rule');
  return PUBLISH_MUTATIONS.filter(
    (mutation) =>
      !rules.some((rule) =>
        (
          (rule.properties.Targets as {
            AppSyncParameters?: { GraphQLOperation?: string };
            DeadLetterConfig?: unknown;
          }[]) ?? []
        ).some(
          (target) =>
            target.AppSyncParameters?.GraphQLOperation?.includes(`${mutation}(`) && target.DeadLetterConfig,
        ),
      ),
  ).map((mutation) => `no bus rule calls ${mutation} with a dead-letter queue`);
};

/** Actions whose service supports no resource-level permissions: `*` is the only possible resource. */
const NO_RESOURCE_LEVEL = new Set(['xray:PutTraceSegments', 'xray:PutTelemetryRecords']);
/** A VPC function's ENI statement, as AWSLambdaVPCAccessExecutionRole writes it (function-logs.ts). */
const ENI_STATEMENT = json(ENI_ACTIONS);
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
        !actions.every((action) => NO_RESOURCE_LEVEL.has(action)) &&
        json(actions) !== ENI_STATEMENT
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

// --- Issue 17: the gaps a template review found ---

const statementsOf = (document: unknown) =>
  asArray((document as { Statement?: object[] } | undefined)?.Statement) as Array<{
    Effect?: string;
    Action?: string | string[];
    Resource?: unknown;
    Principal?: unknown;
    Condition?: Record<string, Record<string, unknown>>;
  }>;

/** 1. Amplify admits any IAM principal outside the identity pool: a gate in front of its resolvers refuses IAM. */
export const iamCallersReachNoGeneratedResolver: Invariant = (backend) => {
  const gates = resourcesOfType(backend.templates, 'AWS::AppSync::FunctionConfiguration')
    .filter((fn) => fn.properties.RequestMappingTemplate === IAM_GATE_REQUEST_TEMPLATE)
    // Another stack names it by a parameter: its path without the logical ID's hash.
    .map((fn) => fn.logicalId.replace(/[0-9A-F]{8}$/, ''));
  const resolvers = resourcesOfType(backend.templates, 'AWS::AppSync::Resolver');
  const problems = resolvers.length < 15 ? [`only ${resolvers.length} resolvers found`] : [];
  const exempt: readonly string[] = IAM_CHECKED_BY_THEIR_OWN_RESOLVER;
  for (const resolver of resolvers) {
    const coordinate = `${resolver.properties.TypeName}.${resolver.properties.FieldName}`;
    if (exempt.includes(coordinate)) continue;
    const first = (resolver.properties.PipelineConfig as { Functions?: unknown[] } | undefined)
      ?.Functions?.[0];
    if (!gates.some((gate) => json(first).includes(gate)))
      problems.push(`${coordinate}: an IAM caller reaches Amplify's auth step, which admits it`);
  }
  return problems;
};

const LOG_WILDCARD_MANAGED_POLICIES = ['AWSLambdaBasicExecutionRole', 'AWSLambdaVPCAccessExecutionRole'];
const isLogAction = (action: string) => action === '*' || action.startsWith('logs:');

/** 2. No role, by a managed or an inline policy, may write to log groups it does not own. */
export const noRoleWritesToAnyLogGroup: Invariant = (backend) => {
  const problems: string[] = [];
  for (const role of resourcesOfType(backend.templates, 'AWS::IAM::Role')) {
    const wide = asArray(role.properties.ManagedPolicyArns as unknown[]).filter((arn) =>
      LOG_WILDCARD_MANAGED_POLICIES.some((name) => json(arn).includes(name)),
    );
    if (wide.length) problems.push(`${role.logicalId}: managed ${json(wide)}`);
    for (const policy of asArray(role.properties.Policies as Array<{ PolicyDocument: unknown }>)) {
      for (const statement of statementsOf(policy.PolicyDocument)) {
        if (asArray(statement.Action).some(isLogAction) && /"\*"|logs:\*:\*/.test(json(statement.Resource)))
          problems.push(`${role.logicalId}: inline logs on ${json(statement.Resource)}`);
      }
    }
  }
  for (const policy of resourcesOfType(backend.templates, 'AWS::IAM::Policy')) {
    for (const statement of statementsOf(policy.properties.PolicyDocument)) {
      const resources = asArray(statement.Resource).map(json);
      if (
        asArray(statement.Action).some(isLogAction) &&
        resources.some(
          (resource) => resource === '"*"' || resource.includes(':*:*') || resource.includes('log-group:*'),
        )
      )
        problems.push(`${policy.logicalId}: logs on ${json(statement.Resource)}`);
    }
  }
  return problems;
};

/** 2. Every Lambda, Amplify's and CDK's included, logs to a group of its own that has retention. */
export const everyFunctionLogsToItsOwnGroupWithRetention: Invariant = (backend) => {
  const groups = new Map(
    resourcesOfType(backend.templates, 'AWS::Logs::LogGroup').map((group) => [group.logicalId, group]),
  );
  const problems: string[] = [];
  for (const fn of lambdas(backend)) {
    const target = json((fn.properties.LoggingConfig as { LogGroup?: unknown } | undefined)?.LogGroup);
    const group = [...groups.values()].find(
      (candidate) =>
        target.includes(`"${candidate.logicalId}"`) || target.includes(`${candidate.logicalId}Ref"`),
    );
    if (!group) problems.push(`${fn.logicalId}: no log group of its own`);
    else if (!(Number(group.properties.RetentionInDays) > 0))
      problems.push(`${group.logicalId}: kept forever`);
  }
  return problems;
};

const keys = (backend: SynthesizedBackend) => resourcesOfType(backend.templates, 'AWS::KMS::Key');
/** A reference to a customer-managed key with rotation on (GetAtt in its stack, a parameter named after it elsewhere). */
const isRotatedCustomerKey = (backend: SynthesizedBackend, reference: unknown) =>
  keys(backend).some(
    (key) =>
      key.properties.EnableKeyRotation === true &&
      json(reference).includes(key.logicalId.replace(/[0-9A-F]{8}$/, '')),
  );

/** 4. The reports bucket, every log group and every dead-letter queue are encrypted with a rotated key of ours. */
export const dataAtRestUsesRotatedCustomerKeys: Invariant = (backend) => {
  const problems: string[] = [];
  const reportBuckets = resourcesOfType(backend.templates, 'AWS::S3::Bucket').filter((bucket) =>
    bucket.logicalId.startsWith('ReportsBucket'),
  );
  if (reportBuckets.length !== 1) problems.push(`${reportBuckets.length} reports buckets`);
  for (const bucket of reportBuckets) {
    const rule = (
      bucket.properties.BucketEncryption as
        | {
            ServerSideEncryptionConfiguration?: Array<{
              ServerSideEncryptionByDefault?: Record<string, unknown>;
            }>;
          }
        | undefined
    )?.ServerSideEncryptionConfiguration?.[0]?.ServerSideEncryptionByDefault;
    if (rule?.SSEAlgorithm !== 'aws:kms' || !isRotatedCustomerKey(backend, rule.KMSMasterKeyID))
      problems.push(`${bucket.logicalId}: ${json(rule)}`);
  }
  for (const group of resourcesOfType(backend.templates, 'AWS::Logs::LogGroup')) {
    if (!isRotatedCustomerKey(backend, group.properties.KmsKeyId))
      problems.push(`${group.logicalId}: no key of ours`);
  }
  for (const queue of resourcesOfType(backend.templates, 'AWS::SQS::Queue')) {
    if (!isRotatedCustomerKey(backend, queue.properties.KmsMasterKeyId))
      problems.push(
        `${queue.logicalId}: ${json(queue.properties.SqsManagedSseEnabled ? 'SQS-managed' : queue.properties.KmsMasterKeyId)}`,
      );
  }
  return problems;
};

const KEY_USE = /^kms:(\*|Encrypt|Decrypt|ReEncrypt.*|GenerateDataKey.*|CreateGrant)$/;
/**
 * 4. Key policies: the account's root (which delegates to every IAM policy in the account) may
 * administer a key but not use it; use goes to named roles, and to services only with a condition
 * tying them to this account's resources.
 */
export const keyPoliciesGrantUseToNamedPrincipalsOnly: Invariant = (backend) => {
  const problems: string[] = [];
  const all = keys(backend);
  if (all.length === 0) problems.push('no customer-managed keys');
  for (const key of all) {
    for (const statement of statementsOf(key.properties.KeyPolicy)) {
      if (statement.Effect !== 'Allow') continue;
      const uses = asArray(statement.Action).filter((action) => KEY_USE.test(action));
      if (uses.length === 0) continue;
      const principal = json(statement.Principal);
      if (principal.includes(':root')) problems.push(`${key.logicalId}: the account root may ${json(uses)}`);
      if (principal.includes('"Service"') && !statement.Condition)
        problems.push(`${key.logicalId}: ${principal} may ${json(uses)} unconditionally`);
    }
  }
  return problems;
};

const SIGV4 = '"SearchString":"AWS4-HMAC-SHA256"';
const webAcls = (backend: SynthesizedBackend) => resourcesOfType(backend.templates, 'AWS::WAFv2::WebACL');
const aclProtecting = (backend: SynthesizedBackend, target: string) => {
  const association = resourcesOfType(backend.templates, 'AWS::WAFv2::WebACLAssociation').find((candidate) =>
    json(candidate.properties.ResourceArn).includes(target),
  );
  return webAcls(backend).find((acl) => json(association?.properties.WebACLArn).includes(acl.logicalId));
};
type WafRule = { Name: string; Statement: Record<string, { Limit?: number; ScopeDownStatement?: unknown }> };
const rateLimitsOf = (acl: { properties: Record<string, unknown> } | undefined) =>
  asArray(acl?.properties.Rules as WafRule[])
    .map((rule) => rule.Statement.RateBasedStatement?.Limit)
    .filter((limit): limit is number => limit !== undefined);

/**
 * 6. AppSync's web ACL must not block EventBridge's signed publishOrderEvent calls: every rule that
 * can block is scoped by the SigV4 test (user requests and signed requests limited apart), and
 * Cognito and AppSync each have a web ACL with limits of their own.
 */
export const wafSparesTheSignedPublisherAndFitsEachService: Invariant = (backend) => {
  const appSync = aclProtecting(backend, 'GraphQLAPI');
  const userPool = aclProtecting(backend, 'UserPool');
  if (!appSync || !userPool) return ['AppSync or the user pool has no web ACL'];
  const problems: string[] = [];
  if (appSync.logicalId === userPool.logicalId) problems.push('AppSync and the user pool share one web ACL');
  for (const rule of asArray(appSync.properties.Rules as WafRule[])) {
    const statement = rule.Statement.RateBasedStatement ?? rule.Statement.ManagedRuleGroupStatement;
    if (statement && !json(statement.ScopeDownStatement).includes(SIGV4))
      problems.push(`${rule.Name}: applies to EventBridge's signed calls as to users'`);
  }
  if (rateLimitsOf(appSync).length < 2)
    problems.push('AppSync: no separate rate limits for users and signed calls');
  if (rateLimitsOf(userPool).length === 0) problems.push('user pool: no rate limit');
  if (json(rateLimitsOf(appSync)) === json(rateLimitsOf(userPool)))
    problems.push('the same rate limits on both');
  return problems;
};

/** 6. The HTTP API cannot take a WAF: its costly routes (reports) have tighter throttles than the default. */
export const costlyHttpRoutesHaveTheirOwnThrottle: Invariant = (backend) => {
  const stage = resourcesOfType(backend.templates, 'AWS::ApiGatewayV2::Stage')[0];
  if (!stage) return ['no HTTP API stage'];
  const defaults = stage.properties.DefaultRouteSettings as { ThrottlingRateLimit?: number } | undefined;
  const routes = (stage.properties.RouteSettings ?? {}) as Record<
    string,
    { ThrottlingRateLimit?: number; ThrottlingBurstLimit?: number }
  >;
  return ['POST /reports', 'GET /reports', 'GET /reports/{id}/download']
    .filter((route) => {
      const settings = routes[route];
      return !(
        (settings?.ThrottlingRateLimit ?? Number.POSITIVE_INFINITY) < (defaults?.ThrottlingRateLimit ?? 0) &&
        (settings?.ThrottlingBurstLimit ?? 0) > 0
      );
    })
    .map((route) => `${route}: only the stage default`);
};

const alarms = (backend: SynthesizedBackend) => resourcesOfType(backend.templates, 'AWS::CloudWatch::Alarm');
/** An alarm on a metric, or on a Metrics Insights query of it (`SELECT SUM(<metric>) FROM "<namespace>"`). */
const alarmOn = (backend: SynthesizedBackend, namespace: string, metric: string, dimension?: string) =>
  alarms(backend).find(
    (alarm) =>
      ((alarm.properties.Namespace === namespace && alarm.properties.MetricName === metric) ||
        json(alarm.properties.Metrics).includes(`SUM(${metric}) FROM \\"${namespace}\\"`)) &&
      (dimension === undefined || json(alarm.properties.Dimensions).includes(dimension)),
  );

/** 7. Alarms on the failures that 5XX metrics miss, all to the encrypted topic. */
export const alarmsSeeTheRealFailures: Invariant = (backend) => {
  // The SQL Lambda lives in Amplify's SQL stack; another stack names it by a parameter from there.
  const sqlFunction = 'SQLApiStack';
  const api = resourcesOfType(backend.templates, 'AWS::AppSync::GraphQLApi')[0];
  const expected: Array<[string, ReturnType<typeof alarmOn> | boolean]> = [
    [
      'AppSync per-resolver metrics',
      (api?.properties.EnhancedMetricsConfig as { ResolverLevelMetricsBehavior?: string } | undefined)
        ?.ResolverLevelMetricsBehavior === 'FULL_REQUEST_RESOLVER_METRICS',
    ],
    ['AppSync resolver errors (GraphQLError)', alarmOn(backend, 'AWS/AppSync', 'GraphQLError')],
    ['SQL Lambda errors', alarmOn(backend, 'AWS/Lambda', 'Errors', sqlFunction)],
    ['SQL Lambda throttles', alarmOn(backend, 'AWS/Lambda', 'Throttles', sqlFunction)],
    ['WAF blocked-request spikes', alarmOn(backend, 'AWS/WAFV2', 'BlockedRequests')],
    ['Cognito compromised credentials', alarmOn(backend, 'AWS/Cognito', 'CompromisedCredentialsRisk')],
  ];
  const problems = expected.filter(([, found]) => !found).map(([what]) => `no alarm: ${what}`);
  const topics = resourcesOfType(backend.templates, 'AWS::SNS::Topic').filter(
    (topic) => topic.properties.KmsMasterKeyId,
  );
  for (const alarm of alarms(backend)) {
    if (!topics.some((topic) => json(alarm.properties.AlarmActions).includes(topic.logicalId)))
      problems.push(`${alarm.logicalId}: not sent to the encrypted topic`);
  }
  return problems;
};

/** 8. Amplify's SQL Lambda is traced like ours (AppSync's own tracing is checked by tracingIsOn). */
export const sqlLambdaIsTraced: Invariant = (backend) => {
  const sql = lambdas(backend).filter((fn) => fn.logicalId.startsWith('SQLFunction'));
  if (sql.length !== 1) return [`${sql.length} SQL Lambdas`];
  return sql
    .filter((fn) => (fn.properties.TracingConfig as { Mode?: string } | undefined)?.Mode !== 'Active')
    .map((fn) => `${fn.logicalId}: tracing off`);
};

/** 8. The HTTP API has no X-Ray: its access log names the request and the Lambda invocation it became. */
export const httpAccessLogCarriesCorrelationIds: Invariant = (backend) => {
  const stages = resourcesOfType(backend.templates, 'AWS::ApiGatewayV2::Stage');
  if (stages.length === 0) return ['no HTTP API stage'];
  return stages
    .filter((stage) => {
      const format = String((stage.properties.AccessLogSettings as { Format?: string } | undefined)?.Format);
      return !format.includes('$context.requestId') || !format.includes('$context.integration.requestId');
    })
    .map((stage) => `${stage.logicalId}: access log without the request and integration IDs`);
};

/** 5. The user pool mails through SES from the app's identity, and its client offers only what the SPA uses. */
export const userPoolMailsThroughSesAndHasNoUnusedFlows: Invariant = (backend, _platform) => {
  const problems: string[] = [];
  for (const pool of resourcesOfType(backend.templates, 'AWS::Cognito::UserPool')) {
    const email = pool.properties.EmailConfiguration as Record<string, unknown> | undefined;
    if (email?.EmailSendingAccount !== 'DEVELOPER' || !json(email.SourceArn).includes(':identity/'))
      problems.push(`${pool.logicalId}: Cognito's default sender (${json(email)})`);
  }
  for (const client of resourcesOfType(backend.templates, 'AWS::Cognito::UserPoolClient')) {
    const flows = asArray(client.properties.ExplicitAuthFlows as string[]);
    if (json(flows) !== json(['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']))
      problems.push(`${client.logicalId}: auth flows ${json(flows)}`);
    if (client.properties.AllowedOAuthFlowsUserPoolClient || client.properties.CallbackURLs)
      problems.push(
        `${client.logicalId}: OAuth ${json(client.properties.AllowedOAuthFlows)} to ${json(client.properties.CallbackURLs)}`,
      );
  }
  return problems;
};
