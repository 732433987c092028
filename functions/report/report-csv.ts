import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';

/** S3's minimum part size; with two parts in flight the upload holds about 10 MB at most. */
const PART_SIZE_BYTES = 5 * 1024 * 1024;
const PARTS_IN_FLIGHT = 2;

/**
 * Streams a CSV (PostgreSQL's COPY output) into an object as a multipart upload, encrypted at rest
 * (SSE-S3, as the bucket's default). Backpressure runs end to end: while parts are in flight the
 * body fills, the pipeline stops reading `csv`, and the COPY stream pauses its socket, so memory
 * holds the parts in flight whatever the size. A failed upload destroys the body, which ends the
 * pipeline and destroys `csv` with the upload's error.
 */
export async function uploadReportCsv(input: {
  s3: S3Client;
  bucket: string;
  key: string;
  csv: Readable;
}): Promise<void> {
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
  const uploaded = upload.done().catch((error: unknown) => {
    body.destroy(error as Error);
    throw error;
  });
  await Promise.all([pipeline(input.csv, body), uploaded]);
}
