import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import type { JWTPayload } from 'jose';
import { LOCAL_ACCOUNT_ID } from '../config.ts';

/**
 * Builds the payload-2.0 event API Gateway hands a Lambda integration. JWT claims arrive as
 * strings, and arrays in API Gateway's own bracketed form ("[ADMINS other]"), which is what the
 * handler must parse in the cloud.
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
  const { request, routeKey, path, query, pathParameters, body, claims, apiId } = input;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const queryStringParameters: Record<string, string> = {};
  for (const key of new Set(query.keys())) queryStringParameters[key] = query.getAll(key).join(',');
  const now = new Date();
  const isText = /^(application\/(json|problem\+json|x-www-form-urlencoded)|text\/)/.test(
    headers['content-type'] ?? '',
  );
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: query.toString(),
    headers,
    ...(Object.keys(queryStringParameters).length ? { queryStringParameters } : {}),
    ...(Object.keys(pathParameters).length ? { pathParameters } : {}),
    requestContext: {
      accountId: LOCAL_ACCOUNT_ID,
      apiId,
      authorizer: {
        principalId: '',
        integrationLatency: 0,
        jwt: {
          claims: stringifyClaims(claims),
          scopes: typeof claims.scope === 'string' ? claims.scope.split(' ') : [],
        },
      },
      domainName: headers.host ?? '127.0.0.1',
      domainPrefix: apiId,
      http: {
        method: request.method ?? 'GET',
        path,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body.length ? { body: isText ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: body.length > 0 && !isText,
  };
}

function stringifyClaims(claims: JWTPayload): Record<string, string> {
  return Object.fromEntries(
    Object.entries(claims).map(([name, value]) => [
      name,
      Array.isArray(value) ? `[${value.join(' ')}]` : String(value),
    ]),
  );
}
