import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import type { JWTPayload } from 'jose';
import { LOCAL_ACCOUNT_ID } from '../config.ts';

/** One HTTP request as API Gateway has read it, before it becomes a payload-2.0 event. */
export interface HttpApiRequest {
  method: string;
  path: string;
  routeKey: string;
  query: URLSearchParams;
  /** The query string as sent, when it is not exactly `query` re-encoded. */
  rawQueryString?: string;
  /** Lower-case names, repeated values joined with commas. */
  headers: Record<string, string>;
  pathParameters: Record<string, string>;
  body: string | undefined;
  isBase64Encoded: boolean;
  /** The JWT authorizer's claims; undefined when the route has no authorizer. */
  claims: Record<string, unknown> | undefined;
  apiId: string;
  sourceIp: string;
  protocol: string;
}

/**
 * The payload-2.0 event API Gateway hands a Lambda integration. The local HTTP API and the tests
 * that call the orders API directly both build it here.
 */
export function payloadV2Event(request: HttpApiRequest): APIGatewayProxyEventV2WithJWTAuthorizer {
  const { method, path, routeKey, query, headers, pathParameters, body, claims, apiId } = request;
  const queryStringParameters: Record<string, string> = {};
  for (const key of new Set(query.keys())) queryStringParameters[key] = query.getAll(key).join(',');
  const now = new Date();
  const authorizer = claims && {
    principalId: '',
    integrationLatency: 0,
    jwt: { claims, scopes: typeof claims.scope === 'string' ? claims.scope.split(' ') : [] },
  };
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: request.rawQueryString ?? query.toString(),
    headers,
    ...(Object.keys(queryStringParameters).length ? { queryStringParameters } : {}),
    ...(Object.keys(pathParameters).length ? { pathParameters } : {}),
    requestContext: {
      accountId: LOCAL_ACCOUNT_ID,
      apiId,
      authorizer,
      domainName: headers.host ?? '127.0.0.1',
      domainPrefix: apiId,
      http: {
        method,
        path,
        protocol: request.protocol,
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body === undefined ? {} : { body }),
    isBase64Encoded: request.isBase64Encoded,
  } as APIGatewayProxyEventV2WithJWTAuthorizer;
}

/**
 * The event for a request the local HTTP API received. JWT claims arrive as strings, and arrays in
 * API Gateway's own bracketed form ("[ADMINS other]"), which is what the handler must parse in the
 * cloud.
 */
export function toPayloadV2(input: {
  request: IncomingMessage;
  routeKey: string;
  path: string;
  query: URLSearchParams;
  pathParameters: Record<string, string>;
  body: Buffer;
  claims: JWTPayload;
  apiId: string;
}): APIGatewayProxyEventV2WithJWTAuthorizer {
  const { request, body } = input;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const isText = /^(application\/(json|problem\+json|x-www-form-urlencoded)|text\/)/.test(
    headers['content-type'] ?? '',
  );
  return payloadV2Event({
    method: request.method ?? 'GET',
    path: input.path,
    routeKey: input.routeKey,
    query: input.query,
    headers,
    pathParameters: input.pathParameters,
    body: body.length ? body.toString(isText ? 'utf8' : 'base64') : undefined,
    isBase64Encoded: body.length > 0 && !isText,
    claims: stringifyClaims(input.claims),
    apiId: input.apiId,
    sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
    protocol: `HTTP/${request.httpVersion}`,
  });
}

function stringifyClaims(claims: JWTPayload): Record<string, string> {
  return Object.fromEntries(
    Object.entries(claims).map(([name, value]) => [
      name,
      Array.isArray(value) ? `[${value.join(' ')}]` : String(value),
    ]),
  );
}
