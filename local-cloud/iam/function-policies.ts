import { deploymentConfig } from '../../amplify/config/index.ts';
import {
  REPORT_PREFIX,
  REPORT_REQUEST_DETAIL_TYPE,
  REPORT_REQUEST_SOURCE,
} from '../../amplify/constructs/report-requests.ts';
import { CATALOGUE_EVENT_DETAIL_TYPE, CATALOGUE_EVENT_SOURCE } from '../../core/catalogue-events.ts';
import { ORDER_EVENT_DETAIL_TYPE, ORDER_EVENT_SOURCE } from '../../core/order-events.ts';
import {
  LOCAL_ACCOUNT_ID,
  LOCAL_ORDER_EVENT_BUS,
  LOCAL_REGION,
  LOCAL_REPORT_BUCKET,
  LOCAL_USER_POOL_ID,
} from '../config.ts';
import type { PolicyStatement } from './policy.ts';

/**
 * What each function's role may do in the local cloud: the statements the CDK grants it (see
 * amplify/backend.ts, amplify/constructs/*, amplify/auth/resource.ts), for the services the local
 * cloud emulates, written with the local resources' ARNs. tests/cloud/function-policies.test.ts
 * synthesizes the backend and fails if these differ from what the templates grant.
 */
export const FUNCTION_ROLES = [
  'orders-api',
  'report-download',
  'outbox-relay',
  'report',
  'pre-token-generation',
] as const;
export type FunctionRole = (typeof FUNCTION_ROLES)[number];

export interface LocalResources {
  databaseSecretArn: string;
  eventBusName: string;
  reportBucket: string;
  reportPrefix: string;
  sesIdentity: string;
  reportFromAddress: string;
  userPoolId: string;
  /** source -> detail-type of each event kind a role may put. */
  orderEvents: { source: string; detailType: string };
  catalogueEvents: { source: string; detailType: string };
  reportRequests: { source: string; detailType: string };
}

/** The local stand-in for `rds-db:connect`: read the database secret, and nothing else. */
export function databaseCredentialStandIn(databaseSecretArn: string): PolicyStatement {
  return { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: databaseSecretArn };
}

const arn = (service: string, resource: string, region = LOCAL_REGION, account = LOCAL_ACCOUNT_ID) =>
  `arn:aws:${service}:${region}:${account}:${resource}`;

export function functionPolicies(local: LocalResources): Record<FunctionRole, PolicyStatement[]> {
  // In AWS a function signs in to the database with an IAM token as its own role (`rds-db:connect`
  // on `<proxy>/<role>`). The local database takes passwords, not IAM tokens, so the stand-in is the
  // one grant that yields its credentials: reading the database secret. The drift test maps one to
  // the other (tests/cloud/function-policies.test.ts).
  const readDatabaseSecret = databaseCredentialStandIn(local.databaseSecretArn);
  const putOn = (events: { source: string; detailType: string }): PolicyStatement => ({
    Effect: 'Allow',
    Action: 'events:PutEvents',
    Resource: arn('events', `event-bus/${local.eventBusName}`),
    Condition: { StringEquals: { 'events:source': events.source, 'events:detail-type': events.detailType } },
  });
  const reportObjects = `arn:aws:s3:::${local.reportBucket}/${local.reportPrefix}*`;
  return {
    'orders-api': [
      readDatabaseSecret,
      putOn(local.orderEvents),
      putOn(local.catalogueEvents),
      putOn(local.reportRequests),
    ],
    'report-download': [
      readDatabaseSecret,
      { Effect: 'Allow', Action: 's3:GetObject', Resource: reportObjects },
    ],
    'outbox-relay': [readDatabaseSecret, putOn(local.orderEvents), putOn(local.catalogueEvents)],
    report: [
      readDatabaseSecret,
      { Effect: 'Allow', Action: ['s3:PutObject', 's3:GetObject'], Resource: reportObjects },
      {
        Effect: 'Allow',
        Action: ['ses:SendEmail', 'ses:SendRawEmail'],
        Resource: arn('ses', `identity/${local.sesIdentity}`),
        Condition: { StringEquals: { 'ses:FromAddress': local.reportFromAddress } },
      },
    ],
    'pre-token-generation': [
      {
        Effect: 'Allow',
        Action: 'cognito-idp:AdminGetUser',
        Resource: arn('cognito-idp', `userpool/${local.userPoolId}`),
      },
    ],
  };
}

/** The project's roles over the local cloud's resources (the secret's ARN is the local Secrets Manager's). */
export function projectFunctionPolicies(databaseSecretArn: string): Record<FunctionRole, PolicyStatement[]> {
  return functionPolicies({
    databaseSecretArn,
    eventBusName: LOCAL_ORDER_EVENT_BUS,
    reportBucket: LOCAL_REPORT_BUCKET,
    reportPrefix: REPORT_PREFIX,
    sesIdentity: deploymentConfig.reports.sesIdentity,
    reportFromAddress: deploymentConfig.reports.fromAddress,
    userPoolId: LOCAL_USER_POOL_ID,
    orderEvents: { source: ORDER_EVENT_SOURCE, detailType: ORDER_EVENT_DETAIL_TYPE },
    catalogueEvents: { source: CATALOGUE_EVENT_SOURCE, detailType: CATALOGUE_EVENT_DETAIL_TYPE },
    reportRequests: { source: REPORT_REQUEST_SOURCE, detailType: REPORT_REQUEST_DETAIL_TYPE },
  });
}

/** The ARN of a local resource the emulators authorize against. */
export const localArn = arn;
