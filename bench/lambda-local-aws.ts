import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A minimal local endpoint for the AWS calls the handlers make, so bundled handlers (with their
 * own copy of the SDK) run unchanged with AWS_ENDPOINT_URL_* pointing here: EventBridge
 * PutEvents, S3 multipart and single uploads, SES SendEmail. It accepts everything and counts
 * what arrived; bodies are read and dropped, so it never holds a report in memory.
 */
export interface LocalAwsEndpoint {
  url: string;
  counts: { putEvents: number; s3Bytes: number; s3Parts: number; emails: number };
  close(): Promise<void>;
}

async function drain(request: IncomingMessage): Promise<{ bytes: number; text: string }> {
  let bytes = 0;
  const kept: Buffer[] = [];
  for await (const chunk of request) {
    bytes += chunk.length;
    if (bytes <= 64 * 1024) kept.push(chunk);
  }
  return { bytes, text: Buffer.concat(kept).toString('utf8') };
}

const xml = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>${body}`;

export async function startLocalAwsEndpoint(): Promise<LocalAwsEndpoint> {
  const counts = { putEvents: 0, s3Bytes: 0, s3Parts: 0, emails: 0 };
  const server: Server = createServer(async (request, response) => {
    const { bytes, text } = await drain(request);
    const url = new URL(request.url ?? '/', 'http://local');
    const target = String(request.headers['x-amz-target'] ?? '');
    if (target.endsWith('PutEvents')) {
      counts.putEvents += 1;
      const entries = (JSON.parse(text).Entries as unknown[]).map((_, index) => ({
        EventId: `local-${index}`,
      }));
      response
        .writeHead(200, { 'content-type': 'application/x-amz-json-1.1' })
        .end(JSON.stringify({ FailedEntryCount: 0, Entries: entries }));
      return;
    }
    if (text.includes('Action=SendEmail')) {
      counts.emails += 1;
      response
        .writeHead(200, { 'content-type': 'text/xml' })
        .end(
          xml(
            '<SendEmailResponse><SendEmailResult><MessageId>local</MessageId></SendEmailResult></SendEmailResponse>',
          ),
        );
      return;
    }
    // S3, path style: /bucket/key
    const [, bucket = '', ...keyParts] = url.pathname.split('/');
    const key = decodeURIComponent(keyParts.join('/'));
    if (request.method === 'POST' && url.searchParams.has('uploads')) {
      response
        .writeHead(200, { 'content-type': 'application/xml' })
        .end(
          xml(
            `<InitiateMultipartUploadResult><Bucket>${bucket}</Bucket><Key>${key}</Key><UploadId>local-upload</UploadId></InitiateMultipartUploadResult>`,
          ),
        );
      return;
    }
    if (request.method === 'PUT') {
      counts.s3Bytes += bytes;
      if (url.searchParams.has('partNumber')) counts.s3Parts += 1;
      response.writeHead(200, { etag: `"etag-${url.searchParams.get('partNumber') ?? 'single'}"` }).end();
      return;
    }
    if (request.method === 'POST' && url.searchParams.has('uploadId')) {
      response
        .writeHead(200, { 'content-type': 'application/xml' })
        .end(
          xml(
            `<CompleteMultipartUploadResult><Bucket>${bucket}</Bucket><Key>${key}</Key><ETag>"done"</ETag></CompleteMultipartUploadResult>`,
          ),
        );
      return;
    }
    response.writeHead(400).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
