import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { escapeMarkup } from '../../functions/lib/markup.ts';
import type { Authorize } from '../iam/signed-api.ts';
import { type LocalService, readBody } from '../service.ts';
import { sendAwsXmlError } from './aws-errors.ts';

/**
 * S3, path-style, for what the handlers use: PutObject and multipart uploads (lib-storage's
 * Upload), GetObject through the SDK and through presigned URLs. Mount it behind requireSigV4
 * (which verifies header signatures and presigned URLs); each request is then authorized as
 * s3:GetObject or s3:PutObject on the object's ARN, as S3 does. Objects are files under `dataDir`.
 */
export interface LocalS3Options {
  dataDir: string;
  buckets: readonly string[];
  authorize: Authorize;
}

export const S3_BODY_LIMIT_BYTES = 256 * 1024 * 1024;

/** One request, read: the object it names and the upload it belongs to. */
interface S3Call {
  request: IncomingMessage;
  response: ServerResponse;
  url: URL;
  method: string;
  bucket: string;
  key: string;
  uploadId: string | null;
}

type Operation = (call: S3Call) => Promise<void> | void;

export function createLocalS3(options: LocalS3Options): LocalService {
  const objectPath = (bucket: string, key: string) =>
    join(options.dataDir, 'objects', bucket, encodeURIComponent(key));
  const uploadDir = (uploadId: string) =>
    join(options.dataDir, 'uploads', uploadId.replace(/[^a-z0-9-]/gi, ''));
  const contentTypeOf = (request: IncomingMessage) =>
    String(request.headers['content-type'] ?? 'application/octet-stream');

  const getObject: Operation = ({ response, method, bucket, key }) => {
    const file = objectPath(bucket, key);
    if (!existsSync(file))
      return sendAwsXmlError(response, 404, 'NoSuchKey', 'The specified key does not exist.');
    const meta = JSON.parse(readFileSync(`${file}.meta.json`, 'utf8')) as {
      contentType: string;
      etag: string;
    };
    const body = readFileSync(file);
    response.writeHead(200, {
      'content-type': meta.contentType,
      'content-length': body.length,
      etag: meta.etag,
      'x-amz-server-side-encryption': 'AES256',
    });
    response.end(method === 'HEAD' ? undefined : body);
  };

  const initiateUpload: Operation = ({ request, response, bucket, key }) => {
    const id = randomUUID();
    mkdirSync(uploadDir(id), { recursive: true });
    writeFileSync(join(uploadDir(id), 'content-type'), contentTypeOf(request));
    sendXml(
      response,
      `<InitiateMultipartUploadResult><Bucket>${escapeMarkup(bucket)}</Bucket><Key>${escapeMarkup(key)}</Key><UploadId>${id}</UploadId></InitiateMultipartUploadResult>`,
    );
  };

  /** PutObject, or UploadPart when the request names an upload. */
  const putObjectOrPart: Operation = async ({ request, response, url, bucket, key, uploadId }) => {
    const body = decodeAwsChunked(await readBody(request, S3_BODY_LIMIT_BYTES), request.headers);
    const etag = `"${createHash('md5').update(body).digest('hex')}"`;
    if (uploadId) {
      if (!existsSync(uploadDir(uploadId)))
        return sendAwsXmlError(response, 404, 'NoSuchUpload', 'The specified upload does not exist.');
      const part = Number(url.searchParams.get('partNumber'));
      if (!Number.isInteger(part) || part < 1 || part > 10_000)
        return sendAwsXmlError(response, 400, 'InvalidArgument', 'Bad part number');
      writeFileSync(join(uploadDir(uploadId), `part-${String(part).padStart(5, '0')}`), body);
    } else {
      storeObject(objectPath(bucket, key), body, contentTypeOf(request), etag);
    }
    response.writeHead(200, { etag, 'x-amz-server-side-encryption': 'AES256' });
    response.end();
  };

  const completeUpload: Operation = async ({ request, response, bucket, key, uploadId }) => {
    const dir = uploadDir(uploadId ?? '');
    if (!existsSync(dir))
      return sendAwsXmlError(response, 404, 'NoSuchUpload', 'The specified upload does not exist.');
    await readBody(request);
    const parts = readdirSync(dir)
      .filter((name) => name.startsWith('part-'))
      .sort();
    const body = Buffer.concat(parts.map((name) => readFileSync(join(dir, name))));
    const etag = `"${createHash('md5').update(body).digest('hex')}-${parts.length}"`;
    storeObject(objectPath(bucket, key), body, readFileSync(join(dir, 'content-type'), 'utf8'), etag);
    rmSync(dir, { recursive: true, force: true });
    sendXml(
      response,
      `<CompleteMultipartUploadResult><Bucket>${escapeMarkup(bucket)}</Bucket><Key>${escapeMarkup(key)}</Key><ETag>${escapeMarkup(etag)}</ETag></CompleteMultipartUploadResult>`,
    );
  };

  const abortUpload: Operation = ({ response, uploadId }) => {
    rmSync(uploadDir(uploadId ?? ''), { recursive: true, force: true });
    response.writeHead(204);
    response.end();
  };

  /** Which S3 operation a request is, by method and query; undefined for one we do not serve. */
  function operationOf({ method, url, uploadId }: S3Call): Operation | undefined {
    if (method === 'GET' || method === 'HEAD') return getObject;
    if (method === 'PUT') return putObjectOrPart;
    if (method === 'POST' && url.searchParams.has('uploads')) return initiateUpload;
    if (method === 'POST' && uploadId) return completeUpload;
    if (method === 'DELETE' && uploadId) return abortUpload;
    return undefined;
  }

  return {
    async handle(request, response) {
      const url = new URL(request.url ?? '/', 'http://local');
      const [, bucket = '', ...keyParts] = url.pathname.split('/');
      const key = decodeKey(keyParts.join('/'));
      if (key === undefined)
        return sendAwsXmlError(response, 400, 'InvalidURI', "Couldn't parse the specified URI.");
      if (!options.buckets.includes(bucket))
        return sendAwsXmlError(response, 404, 'NoSuchBucket', 'The specified bucket does not exist');
      if (!key) return sendAwsXmlError(response, 400, 'InvalidRequest', 'An object key is required');
      const call: S3Call = {
        request,
        response,
        url,
        method: request.method ?? 'GET',
        bucket,
        key,
        uploadId: url.searchParams.get('uploadId'),
      };
      const reading = call.method === 'GET' || call.method === 'HEAD';
      // Multipart steps (initiate, parts, complete, abort) are all authorized as s3:PutObject.
      const denied = options.authorize(request, {
        action: reading ? 's3:GetObject' : 's3:PutObject',
        resource: `arn:aws:s3:::${bucket}/${key}`,
      });
      if (denied) return sendAwsXmlError(response, 403, 'AccessDenied', denied);
      const operation = operationOf(call);
      if (!operation)
        return sendAwsXmlError(response, 405, 'MethodNotAllowed', `${call.method} is not supported here`);
      await operation(call);
    },
  };
}

function storeObject(file: string, body: Buffer, contentType: string, etag: string) {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, body);
  writeFileSync(`${file}.meta.json`, JSON.stringify({ contentType, etag }));
}

function sendXml(response: ServerResponse, inner: string) {
  response.writeHead(200, { 'content-type': 'application/xml' });
  response.end(`<?xml version="1.0" encoding="UTF-8"?>\n${inner}`);
}

/**
 * The SDK streams uploads with checksums in "aws-chunked" framing: `<hex size>[;ext]\r\n<bytes>\r\n`
 * repeated, a zero-size chunk, then trailer headers. Unframe it to the object's bytes.
 */
export function decodeAwsChunked(
  body: Buffer,
  headers: Record<string, string | string[] | undefined>,
): Buffer {
  const encoding = String(headers['content-encoding'] ?? '');
  const sha = String(headers['x-amz-content-sha256'] ?? '');
  if (!encoding.includes('aws-chunked') && !sha.startsWith('STREAMING-')) return body;
  const chunks: Buffer[] = [];
  let offset = 0;
  while (offset < body.length) {
    const lineEnd = body.indexOf('\r\n', offset);
    if (lineEnd < 0) break;
    const size = Number.parseInt(body.subarray(offset, lineEnd).toString('latin1').split(';')[0] ?? '', 16);
    if (!Number.isFinite(size) || size === 0) break;
    chunks.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
    offset = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(chunks);
}

/** The object key of a path, or undefined when it is not valid percent-encoded UTF-8. */
function decodeKey(encoded: string): string | undefined {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return undefined;
  }
}
