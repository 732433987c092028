import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deploymentConfig } from '../../amplify/config/index.ts';
import {
  REPORT_REQUEST_DETAIL_TYPE,
  REPORT_REQUEST_SOURCE,
} from '../../amplify/constructs/report-requests.ts';
import { ORDER_EVENT_DETAIL_TYPE, ORDER_EVENT_SOURCE } from '../../core/order-events.ts';
import { LOCAL_REGION, LOCAL_USER_POOL_ID } from '../../local-cloud/config.ts';
import { DEMO_CUSTOMERS } from '../../local-cloud/demo-accounts.ts';
import type { FunctionRole } from '../../local-cloud/iam/function-policies.ts';
import { type LocalCloud, startLocalCloud } from '../../local-cloud/local-cloud.ts';
import { probe } from './origin-probe.ts';

// The threat: AWS service emulators on the browser's origin that check no signature let a customer
// forge a DELIVERED event, read and write report objects, read the database credentials, send mail
// as anyone and put themselves in ADMINS. As in AWS: the AWS APIs only where the functions reach
// them, a real SigV4 check there, and each role only what the CDK grants.

const BUCKET = 'secure-orders-local-reports';
const BUS = 'secure-orders-local-orders';
const [customer] = DEMO_CUSTOMERS;
if (!customer) throw new Error('no demo customer');

describe('the AWS APIs, as a browser on the origin and as callers on the loopback listener', () => {
  let cloud: LocalCloud;
  const stateDir = mkdtempSync(join(tmpdir(), 'so-hostile-aws-'));
  const forgedEvent = {
    EventBusName: BUS,
    Source: ORDER_EVENT_SOURCE,
    DetailType: ORDER_EVENT_DETAIL_TYPE,
    Detail: JSON.stringify({ type: 'ORDER_STATUS_CHANGED', toStatus: 'DELIVERED', ownerSub: customer.sub }),
  };
  const client = <T>(
    Client: new (config: object) => T,
    path: string,
    credentials: { accessKeyId: string; secretAccessKey: string },
  ) =>
    new Client({
      region: LOCAL_REGION,
      endpoint: `${cloud.internalUrl}${path}`,
      forcePathStyle: true,
      credentials,
      maxAttempts: 1,
    });
  const s3As = (credentials: { accessKeyId: string; secretAccessKey: string }) =>
    client(S3Client, '/s3', credentials);

  beforeAll(async () => {
    cloud = await startLocalCloud({ stateDir, httpsPort: 0, httpPort: 0, databasePort: 0, log: () => {} });
    await s3As(cloud.operatorCredentials).send(
      new PutObjectCommand({ Bucket: BUCKET, Key: 'reports/secret.csv', Body: 'every,order\n' }),
    );
  }, 120_000);
  afterAll(async () => {
    await cloud?.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  const jsonCall = (target: string, body: object, headers: Record<string, string> = {}) => ({
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target, ...headers },
    body: JSON.stringify(body),
  });

  describe('from the app origin', () => {
    it('given an unsigned PutEvents, when a page posts a forged DELIVERED event, then nothing answers it', async () => {
      const response = await probe(
        cloud.origin,
        '/events',
        jsonCall('AWSEvents.PutEvents', { Entries: [forgedEvent] }),
      );
      expect(response.status).toBe(404);
    });

    it('given a report object, when a page GETs it without a signature, then nothing answers it', async () => {
      const response = await probe(cloud.origin, `/s3/${BUCKET}/reports/secret.csv`);
      expect(response.status).toBe(404);
      expect(response.body).not.toContain('every,order');
    });

    it('given the reports bucket, when a page PUTs an object without a signature, then nothing answers it and nothing is written', async () => {
      const response = await probe(cloud.origin, `/s3/${BUCKET}/reports/planted.csv`, {
        method: 'PUT',
        body: 'planted',
      });
      expect(response.status).toBe(404);
      await expect(
        s3As(cloud.operatorCredentials).send(
          new GetObjectCommand({ Bucket: BUCKET, Key: 'reports/planted.csv' }),
        ),
      ).rejects.toMatchObject({ name: 'NoSuchKey' });
    });

    it('given Secrets Manager, when a page asks for the database secret, then nothing answers it', async () => {
      const response = await probe(
        cloud.origin,
        '/secretsmanager',
        jsonCall('secretsmanager.GetSecretValue', { SecretId: 'secure-orders-local-database' }),
      );
      expect(response.status).toBe(404);
      expect(response.body).not.toContain('password');
    });

    it('given SES, when a page sends a spoofed email, then nothing answers it and no mail is sent', async () => {
      const before = cloud.mail.list().length;
      const response = await probe(cloud.origin, '/ses', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          Action: 'SendEmail',
          Source: deploymentConfig.reports.fromAddress,
          'Destination.ToAddresses.member.1': customer.email,
          'Message.Subject.Data': 'Your account is locked',
          'Message.Body.Text.Data': 'Sign in at https://evil.example',
        }).toString(),
      });
      expect(response.status).toBe(404);
      expect(cloud.mail.list()).toHaveLength(before);
    });

    it('given a made-up SigV4 header, when a page calls AdminAddUserToGroup, then Cognito refuses it', async () => {
      const response = await probe(
        cloud.origin,
        '/cognito',
        jsonCall(
          'AWSCognitoIdentityProviderService.AdminAddUserToGroup',
          { UserPoolId: LOCAL_USER_POOL_ID, Username: customer.email, GroupName: 'ADMINS' },
          {
            authorization:
              'AWS4-HMAC-SHA256 Credential=AKIAFAKE/20260101/eu-west-1/cognito-idp/aws4_request, SignedHeaders=host, Signature=00',
          },
        ),
      );
      expect(response.status).toBe(400);
      expect(JSON.parse(response.body)).toMatchObject({ __type: 'MissingAuthenticationTokenException' });
    });

    it('given Lambda Invoke, when a page calls it on the origin, then nothing answers it', async () => {
      const response = await probe(cloud.origin, '/lambda/2015-03-31/functions/orders-api/invocations', {
        method: 'POST',
        body: '{}',
      });
      expect(response.status).toBe(404);
    });
  });

  describe('on the loopback listener', () => {
    it('given no signature, when PutEvents is called, then MissingAuthenticationToken and nothing is delivered', async () => {
      const response = await fetch(
        `${cloud.internalUrl}/events`,
        jsonCall('AWSEvents.PutEvents', { Entries: [forgedEvent] }),
      );
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ __type: 'MissingAuthenticationTokenException' });
    });

    it('given a key nobody holds, when PutEvents is signed with it, then UnrecognizedClientException', async () => {
      const bus = client(EventBridgeClient, '/events', {
        accessKeyId: 'AKIAMADEUP',
        secretAccessKey: 'guess',
      });
      await expect(bus.send(new PutEventsCommand({ Entries: [forgedEvent] }))).rejects.toMatchObject({
        name: 'UnrecognizedClientException',
      });
    });

    it('given the operator key with a wrong secret, when PutEvents is signed, then InvalidSignatureException', async () => {
      const bus = client(EventBridgeClient, '/events', {
        accessKeyId: cloud.operatorCredentials.accessKeyId,
        secretAccessKey: 'not the secret',
      });
      await expect(bus.send(new PutEventsCommand({ Entries: [forgedEvent] }))).rejects.toMatchObject({
        name: 'InvalidSignatureException',
      });
    });

    it('given no signature, when S3 is asked for a report, then AccessDenied', async () => {
      const response = await fetch(`${cloud.internalUrl}/s3/${BUCKET}/reports/secret.csv`);
      expect(response.status).toBe(403);
      expect(await response.text()).not.toContain('every,order');
    });

    /** A report download link as the role would sign it. */
    const presignedReportGet = (role: FunctionRole) =>
      getSignedUrl(
        s3As(cloud.functionCredentials[role]),
        new GetObjectCommand({ Bucket: BUCKET, Key: 'reports/secret.csv' }),
        { expiresIn: 60 },
      );

    it('given a presigned GET from the report download role, when the browser follows it (to the local S3 endpoint), then the report downloads', async () => {
      const response = await fetch(await presignedReportGet('report-download'));
      expect(response.status).toBe(200);
      expect(await response.text()).toBe('every,order\n');
    });

    it('given a presigned GET from the orders API role, when followed, then AccessDenied: only the download role reads reports', async () => {
      const response = await fetch(await presignedReportGet('orders-api'));
      expect(response.status).toBe(403);
      expect(await response.text()).not.toContain('every,order');
    });

    it('given no signature, when Secrets Manager is asked for the database secret, then it is refused', async () => {
      const response = await fetch(
        `${cloud.internalUrl}/secretsmanager`,
        jsonCall('secretsmanager.GetSecretValue', { SecretId: 'secure-orders-local-database' }),
      );
      expect(response.status).toBe(403);
      expect(await response.text()).not.toContain('password');
    });

    it('given the orders API role, when it sends email, then AccessDenied as AWS answers', async () => {
      const ses = client(SESClient, '/ses', cloud.functionCredentials['orders-api']);
      await expect(
        ses.send(
          new SendEmailCommand({
            Source: deploymentConfig.reports.fromAddress,
            Destination: { ToAddresses: [customer.email] },
            Message: { Subject: { Data: 'x' }, Body: { Text: { Data: 'x' } } },
          }),
        ),
      ).rejects.toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    });

    it('given the orders API role, when it writes a report object, then AccessDenied', async () => {
      await expect(
        s3As(cloud.functionCredentials['orders-api']).send(
          new PutObjectCommand({ Bucket: BUCKET, Key: 'reports/forged.csv', Body: 'x' }),
        ),
      ).rejects.toMatchObject({ name: 'AccessDenied' });
    });

    it('given the outbox relay role, when it puts a report request (a source it is not granted), then AccessDeniedException', async () => {
      const bus = client(EventBridgeClient, '/events', cloud.functionCredentials['outbox-relay']);
      await expect(
        bus.send(
          new PutEventsCommand({
            Entries: [
              {
                EventBusName: BUS,
                Source: REPORT_REQUEST_SOURCE,
                DetailType: REPORT_REQUEST_DETAIL_TYPE,
                Detail: '{}',
              },
            ],
          }),
        ),
      ).rejects.toMatchObject({ name: 'AccessDeniedException' });
    });

    it('given the pre-token trigger role, when it reads the database secret, then AccessDeniedException', async () => {
      const secrets = client(
        SecretsManagerClient,
        '/secretsmanager',
        cloud.functionCredentials['pre-token-generation'],
      );
      await expect(
        secrets.send(new GetSecretValueCommand({ SecretId: 'secure-orders-local-database' })),
      ).rejects.toMatchObject({ name: 'AccessDeniedException' });
    });

    it('given the report role, when it sends from the configured address, then SES accepts (its grant holds)', async () => {
      const ses = client(SESClient, '/ses', cloud.functionCredentials.report);
      const sent = await ses.send(
        new SendEmailCommand({
          Source: deploymentConfig.reports.fromAddress,
          Destination: { ToAddresses: ['admin@example.com'] },
          Message: { Subject: { Data: 'Report' }, Body: { Text: { Data: 'ready' } } },
        }),
      );
      expect(sent.MessageId).toBeTruthy();
    });

    it('given the report role, when it sends from another address, then AccessDenied (the ses:FromAddress condition)', async () => {
      const ses = client(SESClient, '/ses', cloud.functionCredentials.report);
      await expect(
        ses.send(
          new SendEmailCommand({
            Source: 'ceo@orders.example.com',
            Destination: { ToAddresses: [customer.email] },
            Message: { Subject: { Data: 'x' }, Body: { Text: { Data: 'x' } } },
          }),
        ),
      ).rejects.toMatchObject({ name: 'AccessDenied' });
    });

    it('given the orders API role, when it invokes a function, then AccessDeniedException; the operator may', async () => {
      const event = { Payload: Buffer.from(JSON.stringify({ trigger: 'schedule' })) };
      const asRole = client(LambdaClient, '/lambda', cloud.functionCredentials['orders-api']);
      await expect(
        asRole.send(new InvokeCommand({ FunctionName: 'outbox-relay', ...event })),
      ).rejects.toMatchObject({
        name: 'AccessDeniedException',
      });
      const asOperator = client(LambdaClient, '/lambda', cloud.operatorCredentials);
      const result = await asOperator.send(new InvokeCommand({ FunctionName: 'outbox-relay', ...event }));
      expect(result.FunctionError).toBeUndefined();
    });
  });
});
