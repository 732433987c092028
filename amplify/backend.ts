import { defineBackend } from '@aws-amplify/backend';
import { Aws } from 'aws-cdk-lib';
import { CATALOGUE_EVENT_DETAIL_TYPE, CATALOGUE_EVENT_SOURCE } from '../core/catalogue-events.ts';
import { ORDER_EVENT_DETAIL_TYPE, ORDER_EVENT_SOURCE } from '../core/order-events.ts';
import { auth } from './auth/resource.ts';
import { deploymentConfig, platform } from './config/index.ts';
import { Alarms } from './constructs/alarms.ts';
import { AuthHardening } from './constructs/auth-hardening.ts';
import { DataKey, encryptEveryLogGroup } from './constructs/data-keys.ts';
import { protectData } from './constructs/data-protection.ts';
import { DatabaseClients } from './constructs/database-clients.ts';
import { environmentOf } from './constructs/environment.ts';
import { EnvironmentDatabase } from './constructs/environment-database.ts';
import { hardenFunction, traceAmplifyFunction } from './constructs/function-hardening.ts';
import { giveEveryFunctionItsOwnLogs } from './constructs/function-logs.ts';
import { OrdersHttpApi } from './constructs/http-api.ts';
import { IamReadGate } from './constructs/iam-read-gate.ts';
import { MigrationsOnDeploy } from './constructs/migrations.ts';
import { amplifySqlFunction, Network, pointSqlLambdaAtPlatformSsmEndpoint } from './constructs/network.ts';
import { OrderEvents } from './constructs/order-events.ts';
import { OutboxSchedule } from './constructs/outbox-schedule.ts';
import { REPORT_REQUEST_DETAIL_TYPE, REPORT_REQUEST_SOURCE, Reports } from './constructs/reports.ts';
import { RegionalWaf } from './constructs/waf.ts';
import { GRAPHQL_LIMITS } from './data/graphql-limits.ts';
import { data } from './data/resource.ts';
import { migrate } from './functions/migrate/resource.ts';
import { ordersApi } from './functions/orders-api/resource.ts';
import { outboxRelay } from './functions/outbox-relay/resource.ts';
import { preTokenGeneration } from './functions/pre-token-generation/resource.ts';
import { report } from './functions/report/resource.ts';
import { reportDownload } from './functions/report-download/resource.ts';
import { enableNagChecks } from './nag/checks.ts';

export const backend = defineBackend({
  auth,
  data,
  preTokenGeneration,
  ordersApi,
  reportDownload,
  outboxRelay,
  report,
  migrate,
});

const config = deploymentConfig;
const app = backend.stack.node.root;
const environment = environmentOf(backend.stack, config.productionBranches);
const functionsStack = backend.ordersApi.stack;
const { cfnGraphqlApi } = backend.data.resources.cfnResources;
const { roles } = environment.database;
// Each function signs in as one role of the environment's database: migrate owns the schema.
const databaseFunctions = {
  ordersApi: { fn: backend.ordersApi, role: roles.app },
  reportDownload: { fn: backend.reportDownload, role: roles.app },
  outboxRelay: { fn: backend.outboxRelay, role: roles.app },
  report: { fn: backend.report, role: roles.app },
  migrate: { fn: backend.migrate, role: roles.migrator },
};

// Data: bound what one GraphQL request may cost (a relationship cycle otherwise nests without end).
cfnGraphqlApi.queryDepthLimit = GRAPHQL_LIMITS.queryDepthLimit;
cfnGraphqlApi.resolverCountLimit = GRAPHQL_LIMITS.resolverCountLimit;
// Data: IAM callers reach no resolver Amplify generated (it admits any IAM principal in the account).
new IamReadGate(backend.data.stack, 'IamReadGate', {
  apiId: cfnGraphqlApi.attrApiId,
  resolvers: backend.data.resources.cfnResources.cfnResolvers,
});

// Auth: what defineAuth cannot say (password policy, token lifetimes, trigger v2, no guests).
new AuthHardening(backend.auth.stack, 'AuthHardening', {
  auth: backend.auth.resources,
  preTokenGeneration: backend.preTokenGeneration.resources.lambda,
  sesIdentity: config.reports.sesIdentity,
});
// Sandboxes and other branches are disposable; production branches keep and protect their data.
protectData(app, environment, backend.auth.resources.cfnResources.cfnUserPool);

// Encryption at rest: customer-managed keys whose policies name their users. Log groups share one in a
// stack of its own (it refers to nothing, so every stack may refer to it); the functions stack's key
// covers the reports bucket and its dead-letter queues, the data stack's the order-event dead letters.
const logsKey = new DataKey(backend.createStack('encryption'), 'LogsKey', 'Secure Orders log groups');
const functionsKey = new DataKey(functionsStack, 'DataKey', 'Secure Orders reports and dead letters');

// Network: the platform's VPC; database functions in its isolated subnets with a group of their own.
const network = new Network(backend.createStack('network'), 'Network', { platform });
const sqlConnectionStringParameters = pointSqlLambdaAtPlatformSsmEndpoint(backend.data.stack);

// The environment's database and roles, made by the platform's provisioner before migrations run.
const database = new EnvironmentDatabase(functionsStack, 'Database', {
  environment,
  serviceToken: platform.provisionerServiceToken,
  readonlyPasswordParameter: sqlConnectionStringParameters[0] ?? '',
});
const databaseClients = new DatabaseClients(functionsStack, 'DatabaseClients', {
  platform,
  network,
  database: environment.database.database,
});
for (const { fn, role } of Object.values(databaseFunctions)) databaseClients.add(fn, role);
backend.migrate.addEnvironment('SEED_CATALOGUE', String(config.seedCatalogue));

// Realtime: outbox relay -> EventBridge bus -> rules -> AppSync publishOrderEvent and
// publishCatalogueEvent -> subscribers.
const orderEvents = new OrderEvents(backend.data.stack, 'OrderEvents', {
  api: backend.data.resources.graphqlApi,
});
cfnGraphqlApi.environmentVariables = {
  ORDER_EVENT_PUBLISHER_ROLE: orderEvents.publisherRole.roleName,
  ORDER_EVENT_PUBLISHER_ACCOUNT: Aws.ACCOUNT_ID,
};
orderEvents.allowPut(backend.outboxRelay.resources.lambda, ORDER_EVENT_SOURCE, ORDER_EVENT_DETAIL_TYPE);
orderEvents.allowPut(
  backend.outboxRelay.resources.lambda,
  CATALOGUE_EVENT_SOURCE,
  CATALOGUE_EVENT_DETAIL_TYPE,
);
backend.outboxRelay.addEnvironment('ORDER_EVENT_BUS_NAME', orderEvents.bus.eventBusName);
const outboxSchedule = new OutboxSchedule(functionsStack, 'OutboxSchedule', {
  relay: backend.outboxRelay,
  key: functionsKey,
});

// Reports: bucket, daily schedule, on-demand requests from the orders API through the bus.
const reports = new Reports(functionsStack, 'Reports', {
  config: config.reports,
  production: environment.production,
  report: backend.report,
  reportDownload: backend.reportDownload,
  bus: orderEvents.bus,
  key: functionsKey,
});
// The orders API publishes a change's events right after commit (the relay catches up on failures).
orderEvents.allowPut(backend.ordersApi.resources.lambda, ORDER_EVENT_SOURCE, ORDER_EVENT_DETAIL_TYPE);
orderEvents.allowPut(backend.ordersApi.resources.lambda, CATALOGUE_EVENT_SOURCE, CATALOGUE_EVENT_DETAIL_TYPE);
orderEvents.allowPut(backend.ordersApi.resources.lambda, REPORT_REQUEST_SOURCE, REPORT_REQUEST_DETAIL_TYPE);
backend.ordersApi.addEnvironment('ORDER_EVENT_BUS_NAME', orderEvents.bus.eventBusName);
backend.ordersApi.addEnvironment('REPORT_REQUEST_SOURCE', REPORT_REQUEST_SOURCE);
// Defence in depth behind the JWT authorizer's audience check: the handler refuses other clients too.
for (const fn of [backend.ordersApi, backend.reportDownload])
  fn.addEnvironment('APP_CLIENT_ID', backend.auth.resources.userPoolClient.userPoolClientId);
backend.ordersApi.addEnvironment('REPORT_REQUEST_DETAIL_TYPE', REPORT_REQUEST_DETAIL_TYPE);

// HTTP API: the commands, behind the Cognito JWT authorizer.
const httpApi = new OrdersHttpApi(functionsStack, 'HttpApi', {
  handlers: {
    'orders-api': backend.ordersApi.resources.lambda,
    'report-download': backend.reportDownload.resources.lambda,
  },
  userPool: backend.auth.resources.userPool,
  userPoolClient: backend.auth.resources.userPoolClient,
  allowedOrigins: config.app.origins,
});

// Migrations (then the catalogue seed) run on every deploy, once the database exists and before
// the functions that need the schema.
new MigrationsOnDeploy(functionsStack, 'Migrations', {
  migrate: backend.migrate.resources.lambda,
  executeAfter: [database.resource],
  executeBefore: [
    backend.ordersApi.resources.lambda,
    backend.reportDownload.resources.lambda,
    backend.outboxRelay.resources.lambda,
  ],
});

// WAF on AppSync and the user pool, each with limits of its own (HTTP APIs cannot take one: they
// rely on stage and per-route throttling).
const wafStack = backend.createStack('waf');
const wafs = {
  appSync: new RegionalWaf(wafStack, 'AppSyncWaf', {
    resourceArn: backend.data.resources.graphqlApi.arn,
    kind: 'appSync',
  }),
  userPool: new RegionalWaf(wafStack, 'UserPoolWaf', {
    resourceArn: backend.auth.resources.userPool.userPoolArn,
    kind: 'userPool',
  }),
};

// Observability: tracing everywhere it exists, alarms on what needs a human.
for (const { fn } of Object.values(databaseFunctions)) hardenFunction(fn);
hardenFunction(backend.preTokenGeneration);
cfnGraphqlApi.xrayEnabled = true;
traceAmplifyFunction(amplifySqlFunction(backend.data.stack));
// GraphQL field errors come back as HTTP 200: per-resolver error metrics make them visible (alarms.ts).
cfnGraphqlApi.enhancedMetricsConfig = {
  resolverLevelMetricsBehavior: 'FULL_REQUEST_RESOLVER_METRICS',
  dataSourceLevelMetricsBehavior: 'FULL_REQUEST_DATA_SOURCE_METRICS',
  operationLevelMetricsConfig: 'DISABLED',
};
new Alarms(backend.createStack('observability'), 'Alarms', {
  email: config.alarms.email,
  functions: Object.fromEntries(
    Object.entries({ ...databaseFunctions, preTokenGeneration: { fn: backend.preTokenGeneration } }).map(
      ([name, { fn }]) => [name, fn.resources.lambda],
    ),
  ),
  deadLetterQueues: {
    OrderEvents: orderEvents.deadLetterQueue,
    OutboxSchedule: outboxSchedule.deadLetterQueue,
    Reports: reports.deadLetterQueue,
  },
  httpApiId: httpApi.api.apiId,
  graphqlApiId: backend.data.resources.graphqlApi.apiId,
  sqlFunctionName: amplifySqlFunction(backend.data.stack).ref,
  userPoolId: backend.auth.resources.userPool.userPoolId,
  webAclNames: Object.values(wafs).map((waf) => waf.webAclName),
});

backend.addOutput({
  custom: {
    httpApiUrl: httpApi.api.apiEndpoint,
    region: Aws.REGION,
    environment: environment.name,
    databaseName: environment.database.database,
  },
});

// Logs: every function (Amplify's and CDK's helpers too) to a group of its own, its role to that group only.
giveEveryFunctionItsOwnLogs(app);
encryptEveryLogGroup(app, logsKey);

// cdk-nag (AwsSolutions + Serverless): synthesis fails on any unacknowledged finding.
export const nagAcknowledgements = enableNagChecks(app);
