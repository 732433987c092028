import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { stringify } from 'csv-stringify';
import type { ReportRow } from '../../db/report-queries.ts';

const COLUMNS: { key: keyof ReportRow; header: string }[] = [
  { key: 'orderId', header: 'order_id' },
  { key: 'createdAt', header: 'created_at' },
  { key: 'status', header: 'status' },
  { key: 'currency', header: 'currency' },
  { key: 'totalAmount', header: 'total_amount_minor' },
  { key: 'itemCount', header: 'item_count' },
];

/** S3's minimum part size; with two parts in flight the upload holds about 10 MB at most. */
const PART_SIZE_BYTES = 5 * 1024 * 1024;
const PARTS_IN_FLIGHT = 2;

/**
 * Streams rows into a CSV object as a multipart upload, encrypted at rest (SSE-S3, as the bucket's
 * default). Back-pressure runs
 * from S3 through the CSV writer to the database cursor, so memory does not grow with the rows.
 * Returns how many rows were written.
 */
export async function uploadReportCsv(input: {
  s3: S3Client;
  bucket: string;
  key: string;
  rows: AsyncIterable<ReportRow>;
}): Promise<number> {
  const csv = stringify({ header: true, columns: COLUMNS });
  const upload = new Upload({
    client: input.s3,
    queueSize: PARTS_IN_FLIGHT,
    partSize: PART_SIZE_BYTES,
    leavePartsOnError: false,
    params: {
      Bucket: input.bucket,
      Key: input.key,
      Body: csv,
      ContentType: 'text/csv; charset=utf-8',
      ServerSideEncryption: 'AES256',
    },
  });
  // A failed upload must also stop the producer, or the cursor would wait on back-pressure forever.
  const uploaded = upload.done().catch((error: unknown) => {
    csv.destroy(error as Error);
    throw error;
  });
  const source = Readable.from(input.rows);
  let rowCount = 0;
  source.on('data', () => {
    rowCount += 1;
  });
  await Promise.all([pipeline(source, csv), uploaded]);
  return rowCount;
}
