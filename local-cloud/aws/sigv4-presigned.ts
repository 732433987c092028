import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Checks a SigV4 presigned URL as S3 does (query-string authentication, AWS4-HMAC-SHA256,
 * UNSIGNED-PAYLOAD). Written from the SigV4 specification because the AWS SDK ships a signer but no
 * verifier; verifying independently of the SDK's signer is also what makes the check a real test.
 */
export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export type PresignCheck =
  | { valid: true; accessKeyId: string }
  | { valid: false; reason: 'NOT_PRESIGNED' | 'EXPIRED' | 'BAD_SIGNATURE' | 'UNKNOWN_KEY' };

const MAX_EXPIRES_SECONDS = 7 * 24 * 3600;

export function checkPresignedUrl(input: {
  method: string;
  /** The path exactly as the client sent it, including any mount prefix. */
  rawPath: string;
  rawQuery: string;
  headers: Record<string, string | string[] | undefined>;
  /** The secret of a known access key, or undefined. */
  secretOf: (accessKeyId: string) => Credentials | undefined;
  now?: Date;
}): PresignCheck {
  const query = parseQuery(input.rawQuery);
  const get = (name: string) => query.find(([key]) => key === name)?.[1];
  const [algorithm, credential, amzDate, expires, signedHeaders, signature] = [
    'X-Amz-Algorithm',
    'X-Amz-Credential',
    'X-Amz-Date',
    'X-Amz-Expires',
    'X-Amz-SignedHeaders',
    'X-Amz-Signature',
  ].map(get);
  if (
    algorithm !== 'AWS4-HMAC-SHA256' ||
    !credential ||
    !amzDate ||
    !expires ||
    !signedHeaders ||
    !signature
  ) {
    return { valid: false, reason: 'NOT_PRESIGNED' };
  }
  const [accessKeyId = '', ...scopeParts] = credential.split('/');
  const credentials = input.secretOf(accessKeyId);
  if (!credentials) return { valid: false, reason: 'UNKNOWN_KEY' };
  const signedAt = parseAmzDate(amzDate);
  const lifetime = Number(expires);
  if (!signedAt || !Number.isInteger(lifetime) || lifetime < 1 || lifetime > MAX_EXPIRES_SECONDS) {
    return { valid: false, reason: 'BAD_SIGNATURE' };
  }
  if ((input.now ?? new Date()).getTime() > signedAt.getTime() + lifetime * 1000)
    return { valid: false, reason: 'EXPIRED' };

  const canonicalQuery = query
    .filter(([key]) => key !== 'X-Amz-Signature')
    .map(([key, value]) => [encode(key), encode(value)] as const)
    .sort(([a, av], [b, bv]) => (a === b ? compare(av, bv) : compare(a, b)))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
  const headerNames = signedHeaders.split(';');
  const canonicalHeaders = headerNames
    .map(
      (name) =>
        `${name}:${String(input.headers[name] ?? '')
          .trim()
          .replace(/\s+/g, ' ')}\n`,
    )
    .join('');
  const canonicalRequest = [
    input.method,
    input.rawPath,
    canonicalQuery,
    canonicalHeaders,
    signedHeaders,
    'UNSIGNED-PAYLOAD',
  ].join('\n');
  const scope = scopeParts.join('/');
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  const [date = '', region = '', service = ''] = scopeParts;
  let key: Buffer = hmac(`AWS4${credentials.secretAccessKey}`, date);
  for (const part of [region, service, 'aws4_request']) key = hmac(key, part);
  const expected = hmac(key, stringToSign).toString('hex');
  const matches =
    expected.length === signature.length && timingSafeEqual(Buffer.from(expected), Buffer.from(signature));
  return matches ? { valid: true, accessKeyId } : { valid: false, reason: 'BAD_SIGNATURE' };
}

function parseQuery(raw: string): Array<[string, string]> {
  return raw
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const [key = '', value = ''] = pair.split('=', 2);
      return [decodeURIComponent(key.replace(/\+/g, '%20')), decodeURIComponent(value.replace(/\+/g, '%20'))];
    });
}

/** RFC 3986 encoding, as SigV4 requires (encodeURIComponent leaves !'()* alone). */
function encode(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function parseAmzDate(text: string): Date | null {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!match) return null;
  const [, year, month, day, hour, minute, second] = match;
  return new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}Z`);
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}
