import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import type { Caller } from '../../core/caller.ts';
import { ADMINS_GROUP } from '../../core/groups.ts';
import type { Role } from '../../core/order-lifecycle.ts';

/** The API's caller, from the JWT authorizer's verified claims only (never the body or query). */
export interface ApiCaller extends Caller {
  /** Present when the pre-token-generation trigger copied it into the access token. */
  email: string | null;
}

/** The request carries no usable identity: 401. */
export class UnauthenticatedError extends Error {
  override readonly name = 'UnauthenticatedError';
}

/** The caller is known but may not use this route: 403. */
export class ForbiddenError extends Error {
  override readonly name = 'ForbiddenError';
}

type Claims = Record<string, unknown>;

function claimsOf(event: unknown): Claims | undefined {
  const claims = (event as Partial<APIGatewayProxyEventV2WithJWTAuthorizer>)?.requestContext?.authorizer?.jwt
    ?.claims;
  return claims && typeof claims === 'object' ? (claims as Claims) : undefined;
}

/**
 * API Gateway (payload 2.0) flattens array claims into strings: `cognito:groups` arrives as
 * "[ADMINS other]". Accept that form, a JSON array string and a real array.
 */
export function parseGroups(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.filter((group): group is string => typeof group === 'string');
  if (typeof claim !== 'string') return [];
  const text = claim.trim();
  if (text.startsWith('[') && text.includes('"')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed)) return parseGroups(parsed);
    } catch {
      // Not JSON after all: fall through to the bracketed, space-separated form.
    }
  }
  return text
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .map((group) => group.trim())
    .filter(Boolean);
}

const SUB_PATTERN = /^[\x21-\x7e]{1,128}$/;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+$/;

/**
 * Builds the caller from an access token's claims. Refuses ID tokens (`token_use` must be
 * `access`) and, when `appClientId` is given, tokens minted for another app client.
 */
export function callerFromEvent(event: unknown, appClientId: string | undefined): ApiCaller {
  const claims = claimsOf(event);
  if (!claims) throw new UnauthenticatedError('Sign in to use this API');
  const { sub, token_use: tokenUse, client_id: clientId, email } = claims;
  if (typeof sub !== 'string' || !SUB_PATTERN.test(sub))
    throw new UnauthenticatedError('The token has no valid subject');
  if (tokenUse !== 'access') throw new UnauthenticatedError('Use an access token');
  if (appClientId && clientId !== appClientId)
    throw new UnauthenticatedError('The token was issued to another client');
  const role: Role = parseGroups(claims['cognito:groups']).includes(ADMINS_GROUP) ? 'ADMIN' : 'CUSTOMER';
  return {
    sub,
    role,
    email: typeof email === 'string' && email.length <= 320 && EMAIL_PATTERN.test(email) ? email : null,
  };
}

export function requireAdmin<Admin extends Caller>(caller: Admin): Admin {
  if (caller.role !== 'ADMIN') throw new ForbiddenError('This action is for administrators');
  return caller;
}
