import { beforeAll, describe, expect, it } from 'vitest';
import { platform } from '../../amplify/config/index.ts';
import { COMMAND_ROUTES } from '../../amplify/constructs/http-routes.ts';
import type { Invariant } from './support/invariants.ts';
import * as invariants from './support/invariants.ts';
import {
  type CfnResource,
  type SynthesizedBackend,
  synthesizeBackend,
} from './support/synthesized-backend.ts';

let backend: SynthesizedBackend;
beforeAll(async () => {
  backend = await synthesizeBackend();
});

const holds = (invariant: Invariant, subject: SynthesizedBackend = backend) => invariant(subject, platform);

/** A deep copy with `edit` applied to every resource of `type`: the breakages below. */
function broken(type: string, edit: (resource: CfnResource, logicalId: string) => void): SynthesizedBackend {
  const copy: SynthesizedBackend = structuredClone(backend);
  for (const template of Object.values(copy.templates)) {
    for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
      if (resource.Type === type) edit(resource, logicalId);
    }
  }
  return copy;
}

describe('the synthesized backend (offline, cdk-nag clean)', () => {
  it('runs every database-touching function in the isolated subnets with the Lambda security group', () => {
    expect(holds(invariants.databaseFunctionsRunInIsolatedSubnets)).toEqual([]);
  });
  it('has no security-group rule that admits 0.0.0.0/0 or ::/0', () => {
    expect(holds(invariants.noSecurityGroupRuleAdmitsTheInternet)).toEqual([]);
  });
  it('lets the Lambda group out only to the database (5432) and the VPC endpoints and S3 (443)', () => {
    expect(holds(invariants.lambdaGroupEgressIsRestricted)).toEqual([]);
  });
  it('gives the reports bucket a TLS-only policy and blocks all public access', () => {
    expect(holds(invariants.bucketsDenyPlainHttpAndBlockPublicAccess)).toEqual([]);
  });
  it('puts the Cognito JWT authorizer on every HTTP API route but CORS preflight', () => {
    expect(holds(invariants.everyRouteButPreflightHasTheJwtAuthorizer)).toEqual([]);
  });
  it("builds one HTTP API route per entry of the runtime's route list (GET /orders, the order history, included)", () => {
    const routeKeys = Object.values(backend.templates)
      .flatMap((template) => Object.values(template.Resources ?? {}))
      .filter((resource) => resource.Type === 'AWS::ApiGatewayV2::Route')
      .map((resource) => String(resource.Properties?.RouteKey))
      .filter((routeKey) => !routeKey.startsWith('OPTIONS '));
    expect(routeKeys.sort()).toEqual(COMMAND_ROUTES.map(([method, path]) => `${method} ${path}`).sort());
  });
  it('throttles the HTTP API default route', () => {
    expect(holds(invariants.httpApiIsThrottled)).toEqual([]);
  });
  it("limits AppSync's query depth and resolver count to GRAPHQL_LIMITS", () => {
    expect(holds(invariants.graphqlApiHasTheLimits)).toEqual([]);
  });
  it('refuses unauthenticated identities in the identity pool', () => {
    expect(holds(invariants.identityPoolRefusesUnauthenticatedIdentities)).toEqual([]);
  });
  it('does not let user-pool callers reach publishOrderEvent or publishCatalogueEvent', () => {
    expect(holds(invariants.publishMutationsAreNotCallableThroughTheUserPool)).toEqual([]);
  });
  it('routes order and catalogue events from the bus to their publish mutations', () => {
    expect(holds(invariants.realtimeRulesReachTheirMutations)).toEqual([]);
  });
  it('writes no IAM statement with a * action, nor a * resource where resource-level permissions exist', () => {
    expect(holds(invariants.noWildcardIamThisProjectWrites)).toEqual([]);
  });
  it('keeps every log group for a bounded time', () => {
    expect(holds(invariants.everyLogGroupHasRetention)).toEqual([]);
  });
  it('associates the WAF web ACL with AppSync and the user pool', () => {
    expect(holds(invariants.wafProtectsAppSyncAndTheUserPool)).toEqual([]);
  });
  it('traces the functions and AppSync with X-Ray', () => {
    expect(holds(invariants.tracingIsOn)).toEqual([]);
  });
});

describe('the gaps a template review found (issue 17)', () => {
  it('given an IAM caller of any role, then a gate refuses it before every resolver Amplify generated', () => {
    expect(holds(invariants.iamCallersReachNoGeneratedResolver)).toEqual([]);
  });
  it('given any role, then no managed or inline policy lets it write to log groups it does not own', () => {
    expect(holds(invariants.noRoleWritesToAnyLogGroup)).toEqual([]);
  });
  it("given every Lambda (Amplify's and CDK's too), then each logs to its own group with retention", () => {
    expect(holds(invariants.everyFunctionLogsToItsOwnGroupWithRetention)).toEqual([]);
  });
  it('given the reports bucket, the log groups and the dead-letter queues, then a rotated key of ours encrypts them', () => {
    expect(holds(invariants.dataAtRestUsesRotatedCustomerKeys)).toEqual([]);
  });
  it('given the key policies, then only named roles and conditioned services may use the keys', () => {
    expect(holds(invariants.keyPoliciesGrantUseToNamedPrincipalsOnly)).toEqual([]);
  });
  it("given EventBridge's signed publishOrderEvent calls, then no WAF rule meant for users applies to them", () => {
    expect(holds(invariants.wafSparesTheSignedPublisherAndFitsEachService)).toEqual([]);
  });
  it('given the costly report routes, then they are throttled tighter than the stage default', () => {
    expect(holds(invariants.costlyHttpRoutesHaveTheirOwnThrottle)).toEqual([]);
  });
  it('given the failures 5XX metrics miss, then each has an alarm to the encrypted topic', () => {
    expect(holds(invariants.alarmsSeeTheRealFailures)).toEqual([]);
  });
  it('given the user pool, then it mails through SES and its client offers only SRP and refresh', () => {
    expect(holds(invariants.userPoolMailsThroughSesAndHasNoUnusedFlows)).toEqual([]);
  });
  it("given Amplify's SQL Lambda, then it is traced", () => {
    expect(holds(invariants.sqlLambdaIsTraced)).toEqual([]);
  });
  it("given the HTTP API's access log, then each line carries the IDs that lead to the Lambda's logs and trace", () => {
    expect(holds(invariants.httpAccessLogCarriesCorrelationIds)).toEqual([]);
  });
});

// Each check must fail when its invariant is broken: here each one is shown a copy of the real
// templates with exactly that invariant broken.
describe('each invariant check, given the backend with that invariant broken', () => {
  it('reports a database function moved out of the isolated subnets', () => {
    const moved = broken('AWS::Lambda::Function', (fn) => {
      if (fn.Properties?.VpcConfig)
        (fn.Properties.VpcConfig as { SubnetIds: string[] }).SubnetIds = ['subnet-0public000000000'];
    });
    expect(holds(invariants.databaseFunctionsRunInIsolatedSubnets, moved)).not.toEqual([]);
  });
  it('reports an ingress rule open to the internet', () => {
    const open = broken('AWS::EC2::SecurityGroupIngress', (rule) => {
      delete rule.Properties?.SourceSecurityGroupId;
      if (rule.Properties) rule.Properties.CidrIp = '0.0.0.0/0';
    });
    expect(holds(invariants.noSecurityGroupRuleAdmitsTheInternet, open)).not.toEqual([]);
  });
  it('reports a Lambda-group egress rule to anywhere', () => {
    const open = broken('AWS::EC2::SecurityGroupEgress', (rule) => {
      if (rule.Properties?.DestinationPrefixListId) {
        delete rule.Properties.DestinationPrefixListId;
        rule.Properties.CidrIp = '10.0.0.0/8';
      }
    });
    expect(holds(invariants.lambdaGroupEgressIsRestricted, open)).not.toEqual([]);
  });
  it('reports a bucket policy without the TLS-only statement', () => {
    const plain = broken('AWS::S3::BucketPolicy', (policy) => {
      const document = policy.Properties?.PolicyDocument as { Statement: unknown[] };
      document.Statement = document.Statement.filter(
        (statement) => !JSON.stringify(statement).includes('SecureTransport'),
      );
    });
    expect(holds(invariants.bucketsDenyPlainHttpAndBlockPublicAccess, plain)).not.toEqual([]);
  });
  it('reports a route without the authorizer', () => {
    const unauthenticated = broken('AWS::ApiGatewayV2::Route', (route) => {
      if (route.Properties?.RouteKey === 'GET /reports') {
        route.Properties.AuthorizationType = 'NONE';
        delete route.Properties.AuthorizerId;
      }
    });
    expect(holds(invariants.everyRouteButPreflightHasTheJwtAuthorizer, unauthenticated)).toEqual([
      'GET /reports: NONE',
    ]);
  });
  it('reports a stage without throttling', () => {
    const unthrottled = broken('AWS::ApiGatewayV2::Stage', (stage) => {
      delete stage.Properties?.DefaultRouteSettings;
    });
    expect(holds(invariants.httpApiIsThrottled, unthrottled)).not.toEqual([]);
  });
  it('reports a GraphQL API left without a depth limit', () => {
    const unlimited = broken('AWS::AppSync::GraphQLApi', (api) => {
      delete api.Properties?.QueryDepthLimit;
    });
    expect(holds(invariants.graphqlApiHasTheLimits, unlimited)).not.toEqual([]);
  });
  it('reports an identity pool that hands out guest credentials', () => {
    const guests = broken('AWS::Cognito::IdentityPool', (pool) => {
      if (pool.Properties) pool.Properties.AllowUnauthenticatedIdentities = true;
    });
    expect(holds(invariants.identityPoolRefusesUnauthenticatedIdentities, guests)).not.toEqual([]);
  });
  it('reports publishOrderEvent open to any signed-in user', () => {
    const open = structuredClone(backend);
    open.graphqlSchema = open.graphqlSchema.replace(
      /(publishOrderEvent\(.*)@aws_cognito_user_pools\([^)]*\)/,
      '$1@aws_cognito_user_pools',
    );
    expect(holds(invariants.publishMutationsAreNotCallableThroughTheUserPool, open)).not.toEqual([]);
  });
  it('reports a bus without the catalogue rule', () => {
    const without = broken('AWS::Events::Rule', (rule) => {
      if (JSON.stringify(rule.Properties).includes('publishCatalogueEvent(') && rule.Properties)
        rule.Properties.Targets = [];
    });
    expect(holds(invariants.realtimeRulesReachTheirMutations, without)).toEqual([
      'no bus rule calls publishCatalogueEvent with a dead-letter queue',
    ]);
  });
  it('reports publishCatalogueEvent open to any signed-in user', () => {
    const open = structuredClone(backend);
    open.graphqlSchema = open.graphqlSchema.replace(
      /(publishCatalogueEvent\(.*)@aws_cognito_user_pools\([^)]*\)/,
      '$1@aws_cognito_user_pools',
    );
    expect(holds(invariants.publishMutationsAreNotCallableThroughTheUserPool, open)).not.toEqual([]);
  });
  it('reports a statement with a wildcard resource', () => {
    const wide = broken('AWS::IAM::Policy', (policy, logicalId) => {
      if (!logicalId.startsWith('reportlambda')) return;
      const document = policy.Properties?.PolicyDocument as { Statement: Array<{ Resource: unknown }> };
      for (const statement of document.Statement) statement.Resource = '*';
    });
    expect(holds(invariants.noWildcardIamThisProjectWrites, wide)).not.toEqual([]);
  });
  it('reports a log group kept forever', () => {
    const forever = broken('AWS::Logs::LogGroup', (group) => {
      delete group.Properties?.RetentionInDays;
    });
    expect(holds(invariants.everyLogGroupHasRetention, forever)).not.toEqual([]);
  });
  it('reports a missing WAF association', () => {
    const unprotected = broken('AWS::WAFv2::WebACLAssociation', (association) => {
      association.Type = 'AWS::CloudFormation::WaitConditionHandle';
    });
    expect(holds(invariants.wafProtectsAppSyncAndTheUserPool, unprotected)).not.toEqual([]);
  });
  it('reports a generated resolver whose pipeline does not start with the IAM gate', () => {
    const ungated = broken('AWS::AppSync::Resolver', (resolver) => {
      if (resolver.Properties?.FieldName !== 'listOrders') return;
      const pipeline = resolver.Properties.PipelineConfig as { Functions: unknown[] };
      pipeline.Functions = pipeline.Functions.slice(1);
    });
    expect(holds(invariants.iamCallersReachNoGeneratedResolver, ungated)).toEqual([
      "Query.listOrders: an IAM caller reaches Amplify's auth step, which admits it",
    ]);
  });
  it('reports a role given back the VPC execution policy (log writes on every group)', () => {
    const wide = broken('AWS::IAM::Role', (role, logicalId) => {
      if (logicalId.startsWith('reportlambda'))
        role.Properties = {
          ...role.Properties,
          ManagedPolicyArns: ['arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole'],
        };
    });
    expect(holds(invariants.noRoleWritesToAnyLogGroup, wide)).toHaveLength(1);
  });
  it('reports a helper function left on its implicit log group', () => {
    const implicit = broken('AWS::Lambda::Function', (fn, logicalId) => {
      if (logicalId.startsWith('SQLFunction')) delete fn.Properties?.LoggingConfig;
    });
    expect(holds(invariants.everyFunctionLogsToItsOwnGroupWithRetention, implicit)).toHaveLength(1);
  });
  it('reports a queue back on the SQS-managed key and a key usable by the whole account', () => {
    const managed = broken('AWS::SQS::Queue', (queue) => {
      if (queue.Properties) {
        delete queue.Properties.KmsMasterKeyId;
        queue.Properties.SqsManagedSseEnabled = true;
      }
    });
    expect(holds(invariants.dataAtRestUsesRotatedCustomerKeys, managed)).toHaveLength(3);
    const open = broken('AWS::KMS::Key', (key) => {
      (key.Properties as { KeyPolicy: { Statement: object[] } }).KeyPolicy.Statement.push({
        Effect: 'Allow',
        Principal: { AWS: { 'Fn::Join': ['', ['arn:aws:iam::', { Ref: 'AWS::AccountId' }, ':root']] } },
        Action: 'kms:*',
        Resource: '*',
      });
    });
    expect(holds(invariants.keyPoliciesGrantUseToNamedPrincipalsOnly, open)).not.toEqual([]);
  });
  it("reports AppSync's common rule set applied to signed calls too", () => {
    const unscoped = broken('AWS::WAFv2::WebACL', (acl) => {
      for (const rule of (acl.Properties as { Rules: unknown }).Rules as Array<{
        Statement: Record<string, Record<string, unknown>>;
      }>)
        delete rule.Statement.ManagedRuleGroupStatement?.ScopeDownStatement;
    });
    expect(holds(invariants.wafSparesTheSignedPublisherAndFitsEachService, unscoped)).toEqual([
      "AWSManagedRulesCommonRuleSet: applies to EventBridge's signed calls as to users'",
      "AWSManagedRulesKnownBadInputsRuleSet: applies to EventBridge's signed calls as to users'",
    ]);
  });
  it('reports an alarm that goes nowhere', () => {
    const silent = broken('AWS::CloudWatch::Alarm', (alarm, logicalId) => {
      if (logicalId.startsWith('AlarmsGraphqlErrors')) delete alarm.Properties?.AlarmActions;
    });
    expect(holds(invariants.alarmsSeeTheRealFailures, silent)).toHaveLength(1);
  });
  it('reports a client given custom auth back', () => {
    const custom = broken('AWS::Cognito::UserPoolClient', (client) => {
      (client.Properties as { ExplicitAuthFlows: string[] }).ExplicitAuthFlows.unshift('ALLOW_CUSTOM_AUTH');
    });
    expect(holds(invariants.userPoolMailsThroughSesAndHasNoUnusedFlows, custom)).toHaveLength(1);
  });
  it('reports a function without tracing', () => {
    const untraced = broken('AWS::Lambda::Function', (fn) => {
      delete fn.Properties?.TracingConfig;
    });
    expect(holds(invariants.tracingIsOn, untraced)).not.toEqual([]);
  });
});

describe('cdk-nag acknowledgements', () => {
  it('are listed with their resources, and each on a resource of ours carries a reason', () => {
    const lines = backend.acknowledgements.map(
      (ack) => `${ack.ours ? 'ours    ' : 'amplify '} ${ack.ruleId}  @ ${ack.path}`,
    );
    console.log(`cdk-nag acknowledgements: ${lines.length}\n${lines.join('\n')}`);
    expect(backend.acknowledgements.filter((ack) => ack.ours && ack.reason.length < 40)).toEqual([]);
  });
});
