import '../../tests/support/function-env.ts';
import { Readable } from 'node:stream';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { REPORT_CSV_HEADER } from '../../db/report-queries.ts';
import { uploadReportCsv } from './report-csv.ts';

const s3Mock = mockClient(S3Client);
const HEADER = `${REPORT_CSV_HEADER}\n`;
let received: Buffer[];
let linesRead = 0;

const line = (index: number) =>
  `00000000-0000-4000-8000-${String(index).padStart(12, '0')},2026-05-01T10:00:00.000Z,Pending,USD,${index}.00,1\n`;

/** A CSV source like COPY's: the header, then `count` lines, produced only as they are read. */
function csvOf(count: number): Readable {
  linesRead = 0;
  return Readable.from(
    (function* () {
      yield HEADER;
      for (let index = 0; index < count; index += 1) {
        linesRead = index + 1;
        yield line(index);
      }
    })(),
  );
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
    csv: csvOf(count),
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

  it('given more than a part of CSV, when uploaded, then it goes up in parts that join to the same bytes', async () => {
    await upload(80_000);
    expect(s3Mock.commandCalls(UploadPartCommand).length).toBeGreaterThan(1);
    const lines = Buffer.concat(received).toString('utf8').split('\n');
    expect(lines).toHaveLength(80_002);
    expect(`${lines[80_000]}\n`).toBe(line(79_999));
    expect(s3Mock.commandCalls(CreateMultipartUploadCommand)[0]?.args[0].input).toMatchObject({
      ContentType: 'text/csv; charset=utf-8',
      ServerSideEncryption: 'AES256',
    });
  });

  it('given the header alone, when uploaded, then the object holds the header alone', async () => {
    await upload(0);
    expect(Buffer.concat(received).toString('utf8')).toBe(HEADER);
  });

  it('given S3 refuses, when uploading, then the error surfaces and the CSV stops being read', async () => {
    s3Mock.on(PutObjectCommand).rejects(new Error('AccessDenied'));
    s3Mock.on(CreateMultipartUploadCommand).rejects(new Error('AccessDenied'));
    await expect(upload(200_000)).rejects.toThrow('AccessDenied');
    expect(linesRead).toBeLessThan(200_000);
  });
});
