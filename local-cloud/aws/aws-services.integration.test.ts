import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  GetSecretValueCommand,
  ListSecretsCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type LocalHost, startLocalHost } from '../host.ts';
import { createPrincipals } from '../iam/principals.ts';
import { type AwsProtocol, authorize, requireSigV4 } from '../iam/signed-api.ts';
import { MailStore } from '../mail/mail-store.ts';
import type { LocalService } from '../service.ts';
import { ensureLocalTls } from '../tls.ts';
import { createLocalEventBus, type EventRule } from './event-bus.ts';
import { createLocalS3, S3_BODY_LIMIT_BYTES } from './s3.ts';
import { createLocalSecretsManager } from './secrets-manager.ts';
import { createLocalSes } from './ses.ts';

// The services as `npm start` mounts them: behind SigV4, authorizing each call against the caller's
// policy. Here the caller may do anything; tests/hostile/aws-apis.test.ts covers refusals.
const principals = createPrincipals({ tests: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
const { credentials } = principals.get('tests');
const signed = (protocol: AwsProtocol, service: LocalService) =>
  requireSigV4(service, { principals, protocol, bodyLimitBytes: S3_BODY_LIMIT_BYTES });
const scratch = mkdtempSync(join(tmpdir(), 'so-aws-'));

describe('local AWS services, through the real AWS SDK clients', () => {
  let host: LocalHost;
  const mail = new MailStore(join(scratch, 'mail.jsonl'));
  const delivered = vi.fn(async () => {});
  const failing = vi.fn(async () => {
    throw new Error('target down');
  });
  const rules: EventRule[] = [
    { name: 'orders-to-appsync', source: 'test.orders', detailType: 'OrderEvent', target: delivered },
    { name: 'always-failing', source: 'test.broken', detailType: 'Broken', target: failing },
  ];
  const bus = createLocalEventBus({ busName: 'orders', rules, retryAttempts: 2, retryDelayMs: 1, authorize });
  const databaseSecret = JSON.stringify({ username: 'orders_app', password: 'local password' });
  const secretsManager = createLocalSecretsManager({
    region: 'eu-west-1',
    accountId: '000000000000',
    secrets: { 'orders/database': databaseSecret },
    authorize,
  });
  let s3: S3Client;
  let endpoint: (prefix: string) => string;

  beforeAll(async () => {
    host = await startLocalHost({
      tls: await ensureLocalTls(join(scratch, 'tls')),
      httpPort: 0,
      routes: {
        '/s3': signed(
          'xml',
          createLocalS3({ dataDir: join(scratch, 's3'), buckets: ['reports'], authorize }),
        ),
        '/ses': signed(
          'query',
          createLocalSes({ mail, allowedFromAddresses: ['reports@orders.example'], authorize }),
        ),
        '/events': signed('json', bus),
        '/secretsmanager': signed('json', secretsManager),
      },
    });
    endpoint = (prefix) => `${host.httpUrl}${prefix}`;
    s3 = new S3Client({ region: 'eu-west-1', endpoint: endpoint('/s3'), forcePathStyle: true, credentials });
  });
  afterAll(() => host?.close());

  describe('S3', () => {
    it('given a 12 MB body, when lib-storage uploads it in parts, then GetObject returns the same bytes', async () => {
      const body = Buffer.alloc(12 * 1024 * 1024, 7);
      body.write('first bytes');
      await new Upload({
        client: s3,
        params: { Bucket: 'reports', Key: 'reports/big.csv', Body: body, ContentType: 'text/csv' },
      }).done();
      const object = await s3.send(new GetObjectCommand({ Bucket: 'reports', Key: 'reports/big.csv' }));
      const bytes = Buffer.from(
        await (object.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray(),
      );
      expect(bytes.equals(body)).toBe(true);
      expect(object.ContentType).toBe('text/csv');
    });

    it('given a presigned GetObject URL, when fetched, then the object downloads', async () => {
      await new Upload({
        client: s3,
        params: { Bucket: 'reports', Key: 'reports/small.csv', Body: 'a,b\n1,2\n' },
      }).done();
      const url = await getSignedUrl(
        s3,
        new GetObjectCommand({ Bucket: 'reports', Key: 'reports/small.csv' }),
        { expiresIn: 300 },
      );
      const response = await fetch(url);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe('a,b\n1,2\n');
    });

    it('given a presigned URL for one key, when the key is altered, then S3 answers 403', async () => {
      const url = await getSignedUrl(
        s3,
        new GetObjectCommand({ Bucket: 'reports', Key: 'reports/small.csv' }),
        { expiresIn: 300 },
      );
      expect((await fetch(url.replace('small.csv', 'big.csv'))).status).toBe(403);
    });

    it('given a presigned URL whose signature is altered, then S3 answers 403', async () => {
      const url = new URL(
        await getSignedUrl(s3, new GetObjectCommand({ Bucket: 'reports', Key: 'reports/small.csv' }), {
          expiresIn: 300,
        }),
      );
      const signature = url.searchParams.get('X-Amz-Signature') ?? '';
      url.searchParams.set(
        'X-Amz-Signature',
        `${signature.slice(0, -1)}${signature.endsWith('0') ? '1' : '0'}`,
      );
      expect((await fetch(url)).status).toBe(403);
    });

    it('given a presigned URL past its expiry, then S3 answers 403 "Request has expired"', async () => {
      const url = await getSignedUrl(
        s3,
        new GetObjectCommand({ Bucket: 'reports', Key: 'reports/small.csv' }),
        {
          expiresIn: 60,
          signingDate: new Date(Date.now() - 120_000),
        },
      );
      const response = await fetch(url);
      expect(response.status).toBe(403);
      expect(await response.text()).toContain('Request has expired');
    });

    it('given a bucket that does not exist, when reading from it, then NoSuchBucket', async () => {
      await expect(s3.send(new GetObjectCommand({ Bucket: 'other', Key: 'x' }))).rejects.toMatchObject({
        name: 'NoSuchBucket',
      });
    });
  });

  describe('SES', () => {
    it('given the configured sender, when SendEmail is called, then the mail store has the message', async () => {
      const ses = new SESClient({ region: 'eu-west-1', endpoint: endpoint('/ses'), credentials });
      await ses.send(
        new SendEmailCommand({
          Source: 'reports@orders.example',
          Destination: { ToAddresses: ['ops@orders.example'] },
          Message: {
            Subject: { Data: 'Daily report' },
            Body: { Text: { Data: 'All good' }, Html: { Data: '<p>All good</p>' } },
          },
        }),
      );
      expect(mail.list()[0]).toMatchObject({
        to: ['ops@orders.example'],
        subject: 'Daily report',
        text: 'All good',
        html: '<p>All good</p>',
      });
    });

    it('given another sender, when SendEmail is called, then it is refused as the IAM condition would', async () => {
      const ses = new SESClient({ region: 'eu-west-1', endpoint: endpoint('/ses'), credentials });
      await expect(
        ses.send(
          new SendEmailCommand({
            Source: 'ceo@elsewhere.example',
            Destination: { ToAddresses: ['ops@orders.example'] },
            Message: { Subject: { Data: 'x' }, Body: { Text: { Data: 'x' } } },
          }),
        ),
      ).rejects.toMatchObject({ name: 'AccessDenied' });
    });
  });

  describe('EventBridge', () => {
    const events = () =>
      new EventBridgeClient({ region: 'eu-west-1', endpoint: endpoint('/events'), credentials });

    it('given a matching rule, when an event is put, then its target receives the detail', async () => {
      const result = await events().send(
        new PutEventsCommand({
          Entries: [
            {
              EventBusName: 'orders',
              Source: 'test.orders',
              DetailType: 'OrderEvent',
              Detail: '{"orderId":"o-1"}',
            },
          ],
        }),
      );
      await bus.drain();
      expect(result.FailedEntryCount).toBe(0);
      expect(delivered).toHaveBeenCalledWith(
        expect.objectContaining({ source: 'test.orders', detail: { orderId: 'o-1' } }),
      );
    });

    it('given a target that keeps failing, when an event is put, then it is retried and dead-lettered, and the put still succeeds', async () => {
      const result = await events().send(
        new PutEventsCommand({
          Entries: [{ EventBusName: 'orders', Source: 'test.broken', DetailType: 'Broken', Detail: '{}' }],
        }),
      );
      await bus.drain();
      expect(result.FailedEntryCount).toBe(0);
      expect(failing).toHaveBeenCalledTimes(3);
      expect(bus.deadLetters.map((letter) => letter.rule)).toContain('always-failing');
    });

    it('given an entry for another bus or without a JSON detail, then that entry fails and the others pass', async () => {
      const result = await events().send(
        new PutEventsCommand({
          Entries: [
            { EventBusName: 'nope', Source: 'test.orders', DetailType: 'OrderEvent', Detail: '{}' },
            { EventBusName: 'orders', Source: 'test.orders', DetailType: 'OrderEvent', Detail: 'not json' },
            {
              EventBusName: 'orders',
              Source: 'test.orders',
              DetailType: 'OrderEvent',
              Detail: '{"ok":true}',
            },
          ],
        }),
      );
      expect(result.FailedEntryCount).toBe(2);
      expect(result.Entries?.map((entry) => entry.ErrorCode ?? 'ok')).toEqual([
        'ResourceNotFoundException',
        'MalformedDetail',
        'ok',
      ]);
    });
  });
  describe('Secrets Manager', () => {
    const secretsClient = () =>
      new SecretsManagerClient({ region: 'eu-west-1', endpoint: endpoint('/secretsmanager'), credentials });

    it('given a secret, when GetSecretValue names it, then its string, ARN and current stage come back', async () => {
      const secret = await secretsClient().send(new GetSecretValueCommand({ SecretId: 'orders/database' }));
      expect(secret).toMatchObject({
        Name: 'orders/database',
        ARN: secretsManager.arnOf('orders/database'),
        SecretString: databaseSecret,
        VersionStages: ['AWSCURRENT'],
      });
      expect(secret.ARN).toMatch(
        /^arn:aws:secretsmanager:eu-west-1:000000000000:secret:orders\/database-.{6}$/,
      );
      expect(secret.CreatedDate).toBeInstanceOf(Date);
    });

    it('given a secret, when GetSecretValue names it by ARN (as DB_SECRET_ARN does), then the same secret comes back', async () => {
      const secret = await secretsClient().send(
        new GetSecretValueCommand({ SecretId: secretsManager.arnOf('orders/database') }),
      );
      expect(secret.SecretString).toBe(databaseSecret);
    });

    it.each([
      ['a name it does not hold', { SecretId: 'orders/other' }],
      ['a stage it does not have', { SecretId: 'orders/database', VersionStage: 'AWSPREVIOUS' }],
    ])(
      'given %s, when GetSecretValue is called, then ResourceNotFoundException with status 400',
      async (_, input) => {
        await expect(secretsClient().send(new GetSecretValueCommand(input))).rejects.toMatchObject({
          name: 'ResourceNotFoundException',
          message: "Secrets Manager can't find the specified secret.",
          $metadata: { httpStatusCode: 400 },
        });
      },
    );

    it('given another operation, when it is called, then the endpoint refuses it', async () => {
      const secrets = new SecretsManagerClient({
        region: 'eu-west-1',
        endpoint: endpoint('/secretsmanager'),
        credentials,
      });
      await expect(secrets.send(new ListSecretsCommand({}))).rejects.toMatchObject({
        name: 'UnknownOperationException',
        $metadata: { httpStatusCode: 400 },
      });
    });
  });
});
