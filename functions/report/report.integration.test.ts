import '../../tests/support/function-env.ts';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOrder } from '../../db/orders-repository.ts';
import { requestReport } from '../../db/reports-repository.ts';
import { lambdaContext } from '../../local-cloud/lambda/context.ts';
import { databaseTargets, type TestDatabase } from '../../tests/support/databases.ts';
import { seedProduct } from '../../tests/support/seed.ts';
import { closePool } from '../lib/database.ts';
import { handler } from './handler.ts';

const s3 = mockClient(S3Client);
const ses = mockClient(SESClient);

/** The CSV bodies S3 received, by key (small reports arrive as one PutObject). */
let uploads: Map<string, { body: string; encryption: string | undefined }>;

async function bodyText(body: unknown): Promise<string> {
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return Buffer.from(body).toString('utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Buffer>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

function s3Accepts(): void {
  s3.on(PutObjectCommand).callsFake(async (input) => {
    uploads.set(input.Key, { body: await bodyText(input.Body), encryption: input.ServerSideEncryption });
    return { ETag: '"etag"' };
  });
  s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'upload-1' });
  s3.on(UploadPartCommand).resolves({ ETag: '"part"' });
  s3.on(CompleteMultipartUploadCommand).resolves({});
}

const PERIOD = { periodStart: '2026-05-01', periodEnd: '2026-05-02' };

describe.each(databaseTargets())('report function on the $name database', (target) => {
  let db: TestDatabase;
  let productId: string;
  let keys = 0;

  async function placeOrderAt(createdAt: string): Promise<string> {
    const { order } = await createOrder(db.pool, {
      customer: { sub: 'report-customer', email: 'customer@example.com' },
      idempotencyKey: `report-key-${++keys}`,
      request: { currency: 'USD', items: [{ productId, quantity: 2 }] },
    });
    await db.pool.query('UPDATE orders SET created_at = $2, updated_at = $2 WHERE id = $1', [
      order.id,
      createdAt,
    ]);
    return order.id;
  }

  async function freshReport(periodStart: string, periodEnd: string): Promise<string> {
    const report = await requestReport(db.pool, {
      period: { periodStart, periodEnd },
      requestedBy: 'admin',
      requeue: true,
    });
    return report.id;
  }

  async function reportRow(reportId: string) {
    const { rows } = await db.pool.query(
      'SELECT status, row_count, object_key, emailed_at FROM reports WHERE id = $1',
      [reportId],
    );
    return rows[0];
  }

  beforeAll(async () => {
    db = await target.start();
    process.env.DATABASE_URL = db.url;
    productId = await seedProduct(db.pool, { prices: { USD: 1000 }, name: 'Widget <b>' });
    await placeOrderAt('2026-05-01T08:00:00Z');
    await placeOrderAt('2026-05-01T23:59:59Z');
    await placeOrderAt('2026-05-02T00:00:00Z');
  });

  afterAll(async () => {
    await closePool();
    await db.stop();
  });

  beforeEach(() => {
    uploads = new Map();
    s3.reset();
    ses.reset();
    s3Accepts();
    ses.on(SendEmailCommand).resolves({ MessageId: 'message-1' });
  });

  it('given orders in the period, when a requested report runs, then the CSV holds one row per order under a dated, encrypted key', async () => {
    const reportId = await freshReport(PERIOD.periodStart, PERIOD.periodEnd);
    await handler({ trigger: 'request', reportId }, lambdaContext());
    const upload = uploads.get('reports/2026/05/01/orders_2026-05-01_2026-05-02.csv');
    expect(upload?.encryption).toBe('AES256');
    const lines = upload?.body.trim().split('\n') ?? [];
    expect(lines[0]).toBe('Order ID,Created at (UTC),Status,Currency,Total (major units),Items');
    expect(lines).toHaveLength(3);
    expect(await reportRow(reportId)).toMatchObject({ status: 'READY', row_count: 2 });
  });

  it('given a finished report, when it runs, then one email goes to the admins with the summary and a link to the app, not to S3', async () => {
    const reportId = await freshReport('2026-05-01', '2026-05-03');
    await handler({ trigger: 'request', reportId }, lambdaContext());
    const calls = ses.commandCalls(SendEmailCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]?.args[0].input;
    expect(input?.Destination?.ToAddresses).toEqual(['admin1@example.com', 'admin2@example.com']);
    const text = String(input?.Message?.Body?.Text?.Data);
    const html = String(input?.Message?.Body?.Html?.Data);
    expect(text).toContain('Orders: 3');
    expect(text).toContain(`https://app.example.com/reports/${reportId}`);
    expect(html).toContain('Widget &lt;b&gt;');
    expect(`${text}${html}`).not.toMatch(/X-Amz-|amazonaws\.com/);
  });

  it('given a report that was emailed, when the invocation is retried, then no second email is sent', async () => {
    const reportId = await freshReport('2026-04-01', '2026-04-02');
    await handler({ trigger: 'request', reportId }, lambdaContext());
    const retry = await handler({ trigger: 'request', reportId }, lambdaContext());
    expect(retry.outcome).toBe('already-done');
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
  });

  it('given the upload fails, when the report runs, then it fails without email, and the retry sends exactly one', async () => {
    const reportId = await freshReport('2026-04-02', '2026-04-03');
    s3.on(PutObjectCommand).rejects(new Error('S3 is down'));
    await expect(handler({ trigger: 'request', reportId }, lambdaContext())).rejects.toThrow('S3 is down');
    expect(await reportRow(reportId)).toMatchObject({ status: 'FAILED', emailed_at: null });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
    s3Accepts();
    await handler({ trigger: 'request', reportId }, lambdaContext());
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
    expect(await reportRow(reportId)).toMatchObject({ status: 'READY' });
  });

  it('given SES fails, when the report runs, then the retry sends the one email', async () => {
    const reportId = await freshReport('2026-04-03', '2026-04-04');
    ses.on(SendEmailCommand).rejectsOnce(new Error('SES throttled')).resolves({ MessageId: 'message-2' });
    await expect(handler({ trigger: 'request', reportId }, lambdaContext())).rejects.toThrow('SES throttled');
    await handler({ trigger: 'request', reportId }, lambdaContext());
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(2);
    expect((await reportRow(reportId)).emailed_at).not.toBeNull();
  });

  it('given the schedule, when the report runs, then it reports on yesterday in the report time zone', async () => {
    await handler({ trigger: 'schedule' }, lambdaContext());
    const today = new Date().toISOString().slice(0, 10);
    const { rows } = await db.pool.query(
      "SELECT to_char(period_start, 'YYYY-MM-DD') AS start, to_char(period_end, 'YYYY-MM-DD') AS end, status FROM reports WHERE period_end = $1",
      [today],
    );
    expect(rows).toEqual([{ start: expect.any(String), end: today, status: 'READY' }]);
  });

  it('given two runs of one report at once, when both finish, then one generates and exactly one email is sent', async () => {
    const reportId = await freshReport('2026-04-04', '2026-04-05');
    const outcomes = await Promise.all([
      handler({ trigger: 'request', reportId }, lambdaContext()),
      handler({ trigger: 'request', reportId }, lambdaContext()),
    ]);
    const kinds = outcomes.map((result) => result.outcome);
    expect(kinds.filter((kind) => kind === 'generated-and-emailed')).toHaveLength(1);
    expect(kinds.filter((kind) => kind !== 'generated-and-emailed')).toEqual([
      expect.stringMatching(/^(busy|already-done)$/),
    ]);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
  });
});
