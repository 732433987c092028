import { defineBackend } from '@aws-amplify/backend';
import { Aws } from 'aws-cdk-lib';
import { ORDER_EVENT_DETAIL_TYPE, ORDER_EVENT_SOURCE } from '../core/order-events.ts';
import { auth } from './auth/resource.ts';
import { deploymentConfig } from './config/index.ts';
import { Alarms } from './constructs/alarms.ts';
import { AuthHardening } from './constructs/auth-hardening.ts';
import { DatabaseClients } from './constructs/database-clients.ts';
import { hardenFunction } from './constructs/function-hardening.ts';
import { OrdersHttpApi } from './constructs/http-api.ts';
import { MigrationsOnDeploy } from './constructs/migrations.ts';
import { Network } from './constructs/network.ts';
import { OrderEvents } from './constructs/order-events.ts';
import { OutboxSchedule } from './constructs/outbox-schedule.ts';
import { REPORT_REQUEST_DETAIL_TYPE, REPORT_REQUEST_SOURCE, Reports } from './constructs/reports.ts';
import { RegionalWaf } from './constructs/waf.ts';
import { data } from './data/resource.ts';
import { migrate } from './functions/migrate/resource.ts';
import { ordersApi } from './functions/orders-api/resource.ts';
import { outboxRelay } from './functions/outbox-relay/resource.ts';
import { preTokenGeneration } from './functions/pre-token-generation/resource.ts';
import { report } from './functions/report/resource.ts';
import { enableNagChecks } from './nag/checks.ts';

export const backend = defineBackend({
  auth,
  data,
  preTokenGeneration,
  ordersApi,
  outboxRelay,
  report,
  migrate,
});

const config = deploymentConfig;
const functionsStack = backend.ordersApi.stack;
const { cfnGraphqlApi } = backend.data.resources.cfnResources;
const databaseFunctions = {
  ordersApi: backend.ordersApi,
  outboxRelay: backend.outboxRelay,
  report: backend.report,
  migrate: backend.migrate,
};

// Auth: what defineAuth cannot say (password policy, token lifetimes, trigger v2, no guests).
new AuthHardening(backend.auth.stack, 'AuthHardening', {
  auth: backend.auth.resources,
  preTokenGeneration: backend.preTokenGeneration.resources.lambda,
});

// Network: the existing VPC; database functions in its isolated subnets; endpoints instead of NAT.
const network = new Network(backend.createStack('network'), 'Network', {
  network: config.network,
  databasePort: config.database.port,
});
network.adoptSqlEndpoints(backend.data.stack);
const databaseClients = new DatabaseClients(functionsStack, 'DatabaseClients', {
  database: config.database,
  network,
});
for (const [name, fn] of Object.entries(databaseFunctions)) databaseClients.add(name, fn);

// Realtime: outbox relay -> EventBridge bus -> rule -> AppSync publishOrderEvent -> subscribers.
const orderEvents = new OrderEvents(backend.data.stack, 'OrderEvents', {
  api: backend.data.resources.graphqlApi,
});
cfnGraphqlApi.environmentVariables = {
  ORDER_EVENT_PUBLISHER_ROLE: orderEvents.publisherRole.roleName,
  ORDER_EVENT_PUBLISHER_ACCOUNT: Aws.ACCOUNT_ID,
};
orderEvents.allowPut(backend.outboxRelay.resources.lambda, ORDER_EVENT_SOURCE, ORDER_EVENT_DETAIL_TYPE);
backend.outboxRelay.addEnvironment('ORDER_EVENT_BUS_NAME', orderEvents.bus.eventBusName);
const outboxSchedule = new OutboxSchedule(functionsStack, 'OutboxSchedule', { relay: backend.outboxRelay });

// Reports: bucket, daily schedule, on-demand requests from the orders API through the bus.
const reports = new Reports(functionsStack, 'Reports', {
  config: config.reports,
  report: backend.report,
  ordersApi: backend.ordersApi,
  bus: orderEvents.bus,
});
// The orders API publishes a change's events right after commit (the relay catches up on failures).
orderEvents.allowPut(backend.ordersApi.resources.lambda, ORDER_EVENT_SOURCE, ORDER_EVENT_DETAIL_TYPE);
orderEvents.allowPut(backend.ordersApi.resources.lambda, REPORT_REQUEST_SOURCE, REPORT_REQUEST_DETAIL_TYPE);
backend.ordersApi.addEnvironment('ORDER_EVENT_BUS_NAME', orderEvents.bus.eventBusName);
backend.ordersApi.addEnvironment('REPORT_REQUEST_SOURCE', REPORT_REQUEST_SOURCE);
// Defence in depth behind the JWT authorizer's audience check: the handler refuses other clients too.
backend.ordersApi.addEnvironment('APP_CLIENT_ID', backend.auth.resources.userPoolClient.userPoolClientId);
backend.ordersApi.addEnvironment('REPORT_REQUEST_DETAIL_TYPE', REPORT_REQUEST_DETAIL_TYPE);

// HTTP API: the commands, behind the Cognito JWT authorizer.
const httpApi = new OrdersHttpApi(functionsStack, 'HttpApi', {
  handler: backend.ordersApi.resources.lambda,
  userPool: backend.auth.resources.userPool,
  userPoolClient: backend.auth.resources.userPoolClient,
  allowedOrigins: config.app.origins,
});

// Migrations run on every deploy, before the functions that need the schema.
new MigrationsOnDeploy(functionsStack, 'Migrations', {
  migrate: backend.migrate.resources.lambda,
  executeBefore: [backend.ordersApi.resources.lambda, backend.outboxRelay.resources.lambda],
});

// WAF on AppSync and the user pool (HTTP APIs cannot take one: they rely on throttling).
new RegionalWaf(backend.createStack('waf'), 'Waf', {
  protectedArns: {
    GraphqlApi: backend.data.resources.graphqlApi.arn,
    UserPool: backend.auth.resources.userPool.userPoolArn,
  },
});

// Observability: tracing everywhere it exists, alarms on what needs a human.
for (const fn of [...Object.values(databaseFunctions), backend.preTokenGeneration]) hardenFunction(fn);
cfnGraphqlApi.xrayEnabled = true;
new Alarms(backend.createStack('observability'), 'Alarms', {
  email: config.alarms.email,
  functions: Object.fromEntries(
    Object.entries({ ...databaseFunctions, preTokenGeneration: backend.preTokenGeneration }).map(
      ([name, fn]) => [name, fn.resources.lambda],
    ),
  ),
  deadLetterQueues: {
    OrderEvents: orderEvents.deadLetterQueue,
    OutboxSchedule: outboxSchedule.deadLetterQueue,
    Reports: reports.deadLetterQueue,
  },
  httpApiId: httpApi.api.apiId,
  graphqlApiId: backend.data.resources.graphqlApi.apiId,
});

backend.addOutput({
  custom: {
    httpApiUrl: httpApi.api.apiEndpoint,
    region: Aws.REGION,
  },
});

// cdk-nag (AwsSolutions + Serverless): synthesis fails on any unacknowledged finding.
export const nagAcknowledgements = enableNagChecks(backend.stack.node.root);
