import '../testing/quiet-env.ts';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ReportRow } from '../../db/report-queries.ts';
import { uploadReportCsv } from './report-csv.ts';

const s3Mock = mockClient(S3Client);
let received: Buffer[];
let rowsRead = 0;

async function* reportRows(count: number): AsyncGenerator<ReportRow> {
  for (let index = 0; index < count; index += 1) {
    rowsRead = index + 1;
    yield {
      orderId: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
      createdAt: '2026-05-01T10:00:00.000Z',
      status: 'PENDING',
      currency: 'USD',
      totalAmount: index,
      itemCount: 1,
    };
  }
}

async function bytesOf(body: unknown): Promise<Buffer> {
  if (body instanceof Uint8Array) return Buffer.from(body);
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

const upload = (count: number) =>
  uploadReportCsv({
    s3: new S3Client({ region: 'eu-west-1' }),
    bucket: 'b',
    key: 'k.csv',
    rows: reportRows(count),
  });

describe('uploadReportCsv', () => {
  beforeEach(() => {
    received = [];
    s3Mock.reset();
    s3Mock.on(PutObjectCommand).callsFake(async (input) => {
      received.push(await bytesOf(input.Body));
      return {};
    });
    s3Mock.on(CreateMultipartUploadCommand).resolves({ UploadId: 'u' });
    s3Mock.on(UploadPartCommand).callsFake(async (input) => {
      received.push(await bytesOf(input.Body));
      return { ETag: '"e"' };
    });
    s3Mock.on(CompleteMultipartUploadCommand).resolves({});
  });

  it('given rows spanning several CSV blocks, when uploaded, then there is one header and one line per row', async () => {
    expect(await upload(12_001)).toBe(12_001);
    const lines = Buffer.concat(received).toString('utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(12_002);
    expect(lines.filter((line) => line.startsWith('order_id'))).toHaveLength(1);
    expect(lines[12_001]).toBe(
      '00000000-0000-4000-8000-000000012000,2026-05-01T10:00:00.000Z,PENDING,USD,12000,1',
    );
  });

  it('given no rows, when uploaded, then the object holds the header alone', async () => {
    expect(await upload(0)).toBe(0);
    expect(Buffer.concat(received).toString('utf8')).toBe(
      'order_id,created_at,status,currency,total_amount_minor,item_count\n',
    );
  });

  it('given more than a part of CSV, when uploaded, then it goes up in parts', async () => {
    await upload(80_000);
    expect(s3Mock.commandCalls(UploadPartCommand).length).toBeGreaterThan(1);
  });

  it('given S3 refuses, when uploading, then the error surfaces and the rows stop being read', async () => {
    s3Mock.on(PutObjectCommand).rejects(new Error('AccessDenied'));
    s3Mock.on(CreateMultipartUploadCommand).rejects(new Error('AccessDenied'));
    await expect(upload(200_000)).rejects.toThrow('AccessDenied');
    expect(rowsRead).toBeLessThan(200_000);
  });
});
