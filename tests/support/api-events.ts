import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { payloadV2Event } from '../../local-cloud/http-api/payload-v2.ts';

/**
 * Real-shaped API Gateway HTTP API (payload 2.0) events with a JWT authorizer, as the orders API
 * receives them, and the caller kinds the authorization matrix covers.
 */
export const APP_CLIENT_ID = 'test-app-client';

export type CallerKind = 'anonymous' | 'customerA' | 'customerB' | 'adminWithoutMfa' | 'admin';
export const CALLER_KINDS: CallerKind[] = ['anonymous', 'customerA', 'customerB', 'adminWithoutMfa', 'admin'];

export const SUBS = {
  customerA: '11111111-aaaa-4aaa-8aaa-111111111111',
  customerB: '22222222-bbbb-4bbb-8bbb-222222222222',
  adminWithoutMfa: '33333333-cccc-4ccc-8ccc-333333333333',
  admin: '44444444-dddd-4ddd-8ddd-444444444444',
} as const;

export type Claims = Record<string, string | number | boolean | string[]>;

/** Access-token claims as API Gateway passes them (groups flattened to "[A B]"). */
export function claimsFor(kind: CallerKind): Claims | undefined {
  if (kind === 'anonymous') return undefined;
  const base: Claims = {
    sub: SUBS[kind],
    token_use: 'access',
    client_id: APP_CLIENT_ID,
    scope: 'aws.cognito.signin.user.admin',
    username: kind,
    email: `${kind}@example.com`,
    iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_test',
    exp: 4102444800,
  };
  // The pre-token-generation trigger strips ADMINS from admins without TOTP.
  if (kind === 'adminWithoutMfa') return { ...base, 'cognito:groups': '[]' };
  if (kind === 'admin') return { ...base, 'cognito:groups': '[ADMINS]' };
  return base;
}

export interface ApiRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  path: string;
  routeKey?: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  /** The raw query string as sent, when it says more than `query` can (a repeated name). */
  rawQuery?: string;
  pathParameters?: Record<string, string>;
  claims?: Claims;
  isBase64Encoded?: boolean;
}

export function apiEvent(request: ApiRequest): APIGatewayProxyEventV2WithJWTAuthorizer {
  const body = request.rawBody ?? (request.body === undefined ? undefined : JSON.stringify(request.body));
  return payloadV2Event({
    method: request.method,
    path: request.path,
    routeKey: request.routeKey ?? `${request.method} ${request.path}`,
    query: new URLSearchParams(request.rawQuery ?? request.query ?? {}),
    rawQueryString: request.rawQuery,
    headers: {
      host: 'api.example.com',
      'x-forwarded-proto': 'https',
      'user-agent': 'vitest',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...request.headers,
    },
    pathParameters: request.pathParameters ?? {},
    body,
    isBase64Encoded: request.isBase64Encoded ?? false,
    claims: request.claims ?? {},
    apiId: 'api123',
    sourceIp: '192.0.2.1',
    protocol: 'HTTP/1.1',
  });
}

/** An event for `kind`: anonymous callers get no authorizer claims at all. */
export function eventAs(
  kind: CallerKind,
  request: Omit<ApiRequest, 'claims'>,
): APIGatewayProxyEventV2WithJWTAuthorizer {
  const event = apiEvent({ ...request, claims: claimsFor(kind) ?? {} });
  if (kind === 'anonymous') {
    (event.requestContext as { authorizer?: unknown }).authorizer = undefined;
  }
  return event;
}

export interface ParsedResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

export function parseResponse(result: {
  statusCode?: number;
  headers?: Record<string, unknown>;
  body?: string;
}): ParsedResponse {
  return {
    statusCode: result.statusCode ?? 0,
    headers: Object.fromEntries(
      Object.entries(result.headers ?? {}).map(([key, value]) => [key.toLowerCase(), String(value)]),
    ),
    body: result.body ? JSON.parse(result.body) : {},
  };
}
