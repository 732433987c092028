import { createHash, timingSafeEqual } from 'node:crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Credentials } from './sigv4-presigned.ts';

/**
 * Verifies a SigV4 `Authorization: AWS4-HMAC-SHA256 ...` header as AWS does: the caller's key must
 * be known, the request no more than 15 minutes away from now, and the signature equal (compared in
 * constant time) to the one @smithy/signature-v4 computes over the same signed headers, path,
 * query and payload with the key's secret. For S3, a payload hash the client declares must match
 * the body; UNSIGNED-PAYLOAD and the unsigned streaming form are accepted, as by S3 (their bytes are
 * not signed); signed streaming chunks (STREAMING-AWS4-HMAC-SHA256-PAYLOAD) are refused, since no
 * client here sends them.
 */
export type SignatureCheck =
  | { valid: true; accessKeyId: string }
  | { valid: false; reason: 'MISSING' | 'UNKNOWN_KEY' | 'EXPIRED' | 'BAD_SIGNATURE' };

const MAX_SKEW_MS = 15 * 60 * 1000;
const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

export async function checkSignedRequest(input: {
  method: string;
  /** The path and query exactly as the client sent them, mount prefix included. */
  rawUrl: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  secretOf: (accessKeyId: string) => Credentials | undefined;
  now?: Date;
}): Promise<SignatureCheck> {
  const match = AUTHORIZATION.exec(String(input.headers.authorization ?? ''));
  const amzDate = String(input.headers['x-amz-date'] ?? '');
  if (!match || !/^\d{8}T\d{6}Z$/.test(amzDate)) return { valid: false, reason: 'MISSING' };
  const [, accessKeyId = '', day, region = '', service = '', signedHeaders = '', signature = ''] = match;
  const credentials = input.secretOf(accessKeyId);
  if (!credentials) return { valid: false, reason: 'UNKNOWN_KEY' };
  const signedAt = new Date(
    `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
  );
  if (
    day !== amzDate.slice(0, 8) ||
    Math.abs((input.now ?? new Date()).getTime() - signedAt.getTime()) > MAX_SKEW_MS
  ) {
    return { valid: false, reason: 'EXPIRED' };
  }
  const declaredHash = input.headers['x-amz-content-sha256'];
  if (typeof declaredHash === 'string' && !payloadHashHolds(declaredHash, input.body)) {
    return { valid: false, reason: 'BAD_SIGNATURE' };
  }

  const url = new URL(input.rawUrl, 'http://local');
  const headers: Record<string, string> = {};
  for (const name of signedHeaders.split(';')) {
    const value = input.headers[name];
    headers[name] = Array.isArray(value) ? value.join(',') : (value ?? '');
  }
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of url.searchParams) {
    const existing = query[key];
    query[key] =
      existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  const signer = new SignatureV4({
    service,
    region,
    credentials,
    sha256: Sha256,
    // S3 signs the path as sent; every other service signs it URI-encoded once more.
    uriEscapePath: service !== 's3',
    applyChecksum: false,
  });
  const rawPath = input.rawUrl.split('?')[0] ?? '/';
  const signed = await signer.sign(
    {
      method: input.method,
      protocol: 'http:',
      hostname: 'local',
      // The path the client's signer saw: S3's is already encoded; the others are encoded by the signer.
      path: service === 's3' ? rawPath : decodeURIComponent(rawPath),
      query,
      headers,
      body: input.body.length > 0 ? input.body : undefined,
    },
    { signingDate: signedAt, signingRegion: region, signingService: service },
  );
  const expected = /Signature=([0-9a-f]{64})/.exec(String(signed.headers.authorization))?.[1] ?? '';
  return expected.length === signature.length &&
    timingSafeEqual(Buffer.from(expected), Buffer.from(signature))
    ? { valid: true, accessKeyId }
    : { valid: false, reason: 'BAD_SIGNATURE' };
}

function payloadHashHolds(declared: string, body: Buffer): boolean {
  if (declared === 'UNSIGNED-PAYLOAD' || declared === 'STREAMING-UNSIGNED-PAYLOAD-TRAILER') return true;
  return /^[0-9a-f]{64}$/.test(declared) && createHash('sha256').update(body).digest('hex') === declared;
}
