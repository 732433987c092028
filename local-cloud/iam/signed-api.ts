import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendAwsJsonError, sendAwsQueryError, sendAwsXmlError } from '../aws/aws-errors.ts';
import { checkSignedRequest, type SignatureCheck } from '../aws/sigv4-header.ts';
import { checkPresignedUrl } from '../aws/sigv4-presigned.ts';
import { type LocalService, originalUrlOf, readBody } from '../service.ts';
import type { AccessRequest } from './policy.ts';
import { accessDeniedMessage, type LocalPrincipal, type PrincipalDirectory } from './principals.ts';

/**
 * Puts an emulated AWS API behind SigV4, as AWS does: an unsigned, expired or wrongly signed request,
 * or one signed with a key nobody holds, is refused in the service's own error shape before the
 * service sees it. The service then asks `authorize` whether the verified caller's policy allows
 * each action on each resource it is about to touch.
 */
export type AwsProtocol = 'json' | 'xml' | 'query';

/** AWS's AccessDenied message when the caller may not do `access`, else undefined. */
export type Authorize = (request: IncomingMessage, access: AccessRequest) => string | undefined;

const callers = new WeakMap<IncomingMessage, LocalPrincipal>();

export interface SignedApiOptions {
  principals: PrincipalDirectory;
  protocol: AwsProtocol;
  bodyLimitBytes?: number;
}

export function requireSigV4(service: LocalService, options: SignedApiOptions): LocalService {
  return {
    async handle(request, response) {
      const check = await verifyCaller(request, options);
      if (!check.valid) return refuse(response, options.protocol, check.reason);
      return service.handle(request, response);
    },
  };
}

/** Verifies the request's signature and remembers its caller for `authorize`. */
export async function verifyCaller(
  request: IncomingMessage,
  options: Pick<SignedApiOptions, 'principals' | 'bodyLimitBytes'>,
): Promise<SignatureCheck> {
  const rawUrl = originalUrlOf(request);
  const rawQuery = rawUrl.split('?')[1] ?? '';
  const secretOf = (accessKeyId: string) => options.principals.byAccessKey(accessKeyId)?.credentials;
  let check: SignatureCheck;
  if (new URLSearchParams(rawQuery).has('X-Amz-Signature')) {
    const presigned = checkPresignedUrl({
      method: request.method ?? 'GET',
      rawPath: rawUrl.split('?')[0] ?? '/',
      rawQuery,
      headers: request.headers,
      secretOf,
    });
    check = presigned.valid
      ? { valid: true, accessKeyId: presigned.accessKeyId }
      : { valid: false, reason: presigned.reason === 'NOT_PRESIGNED' ? 'MISSING' : presigned.reason };
  } else {
    check = await checkSignedRequest({
      method: request.method ?? 'GET',
      rawUrl,
      headers: request.headers,
      body: await readBody(request, options.bodyLimitBytes),
      secretOf,
    });
  }
  const caller = check.valid ? options.principals.byAccessKey(check.accessKeyId) : undefined;
  if (caller) callers.set(request, caller);
  return check;
}

/** The verified caller's policy decides (an unverified request is never allowed). */
export const authorize: Authorize = (request, access) => {
  const caller = callers.get(request);
  if (!caller) return `${access.action} needs a signed request`;
  return accessDeniedMessage(caller, access);
};

export function sendAccessDenied(response: ServerResponse, protocol: AwsProtocol, message: string): void {
  if (protocol === 'json') sendAwsJsonError(response, 400, 'AccessDeniedException', message);
  else if (protocol === 'xml') sendAwsXmlError(response, 403, 'AccessDenied', message);
  else sendAwsQueryError(response, 403, 'AccessDenied', message);
}

const REFUSALS: Record<
  Exclude<SignatureCheck, { valid: true }>['reason'],
  Record<AwsProtocol, [string, string]>
> = {
  MISSING: {
    json: ['MissingAuthenticationTokenException', 'Missing Authentication Token'],
    xml: ['AccessDenied', 'Access Denied'],
    query: ['MissingAuthenticationToken', 'Request is missing Authentication Token'],
  },
  UNKNOWN_KEY: {
    json: ['UnrecognizedClientException', 'The security token included in the request is invalid.'],
    xml: ['InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.'],
    query: ['InvalidClientTokenId', 'The security token included in the request is invalid.'],
  },
  EXPIRED: {
    json: ['InvalidSignatureException', 'Signature expired'],
    xml: ['AccessDenied', 'Request has expired'],
    query: ['SignatureDoesNotMatch', 'Signature expired'],
  },
  BAD_SIGNATURE: {
    json: [
      'InvalidSignatureException',
      'The request signature we calculated does not match the signature you provided.',
    ],
    xml: [
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided.',
    ],
    query: [
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided.',
    ],
  },
};

function refuse(
  response: ServerResponse,
  protocol: AwsProtocol,
  reason: Exclude<SignatureCheck, { valid: true }>['reason'],
): void {
  const [code, message] = REFUSALS[reason][protocol];
  if (protocol === 'json') sendAwsJsonError(response, reason === 'MISSING' ? 403 : 400, code, message);
  else if (protocol === 'xml') sendAwsXmlError(response, 403, code, message);
  else sendAwsQueryError(response, 403, code, message);
}
