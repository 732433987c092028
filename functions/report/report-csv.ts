import { once } from 'node:events';
import { PassThrough, type Writable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { stringify } from 'csv-stringify/sync';
import type { ReportRow } from '../../db/report-queries.ts';

const COLUMNS: readonly { key: keyof ReportRow; header: string }[] = [
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
/** Rows turned into CSV at a time: about half a megabyte of text per block. */
const ROWS_PER_BLOCK = 5_000;

/**
 * Writes rows as CSV blocks to `out`, waiting whenever `out` is full, so the database cursor
 * never runs ahead of the upload. Whole blocks rather than a stream event per line: per-line
 * stream overhead, not the CSV itself, would dominate a million rows. Returns the row count.
 */
async function writeCsvBlocks(rows: AsyncIterable<ReportRow>, out: Writable): Promise<number> {
  // Records as arrays: csv-stringify then skips its per-field property-path lookup.
  let block: unknown[][] = [];
  let count = 0;
  const flush = async () => {
    const text = stringify(block, { header: count === block.length, columns: COLUMNS });
    block = [];
    if (!out.write(text)) await once(out, 'drain');
  };
  for await (const row of rows) {
    block.push(COLUMNS.map((column) => row[column.key]));
    count += 1;
    if (block.length === ROWS_PER_BLOCK) await flush();
  }
  await flush();
  out.end();
  return count;
}

/**
 * Streams rows into a CSV object as a multipart upload, encrypted at rest (SSE-S3, as the
 * bucket's default). Memory holds a block of rows and the parts in flight, whatever the count.
 */
export async function uploadReportCsv(input: {
  s3: S3Client;
  bucket: string;
  key: string;
  rows: AsyncIterable<ReportRow>;
}): Promise<number> {
  const body = new PassThrough({ highWaterMark: 1024 * 1024 });
  const upload = new Upload({
    client: input.s3,
    queueSize: PARTS_IN_FLIGHT,
    partSize: PART_SIZE_BYTES,
    leavePartsOnError: false,
    params: {
      Bucket: input.bucket,
      Key: input.key,
      Body: body,
      ContentType: 'text/csv; charset=utf-8',
      ServerSideEncryption: 'AES256',
    },
  });
  // A failed upload destroys the body, which stops the writer (and so the cursor) with its error.
  const uploaded = upload.done().catch((error: unknown) => {
    body.destroy(error as Error);
    throw error;
  });
  const [rowCount] = await Promise.all([writeCsvBlocks(input.rows, body), uploaded]);
  return rowCount;
}
