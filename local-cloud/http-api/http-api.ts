import type { ServerResponse } from 'node:http';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import { CORS_ALLOWED_HEADERS } from '../../amplify/constructs/http-routes.ts';
import { PROBLEM_CONTENT_TYPE, validationProblem } from '../../functions/lib/problem.ts';
import type { Invoke } from '../lambda/local-lambda.ts';
import { type LocalService, PayloadTooLargeError, readBody, sendJson } from '../service.ts';
import { authorizeJwt, type JwtAuthorizerConfig, JwtAuthorizerError } from './jwt-authorizer.ts';
import { toPayloadV2 } from './payload-v2.ts';
import { type ThrottleLimits, tokenBucket } from './token-bucket.ts';

/** API Gateway's own limit on a request payload; the handler enforces its smaller one. */
const PAYLOAD_LIMIT_BYTES = 10 * 1024 * 1024;

export interface LocalHttpApiOptions {
  /** Method, path and the function the route integrates with (COMMAND_ROUTES). */
  routes: ReadonlyArray<readonly [string, string, string]>;
  authorizer: JwtAuthorizerConfig;
  /** Each route's function, by the name its route gives. */
  integrations: Readonly<Record<string, Invoke>>;
  allowedOrigins: readonly string[];
  /** The stage's throttling (HTTP_API_THROTTLE, as the CDK stage has it); `false` turns it off. */
  throttle: ThrottleLimits | false;
  apiId?: string;
}

interface CompiledRoute {
  method: string;
  invoke: Invoke;
  routeKey: string;
  pattern: RegExp;
  parameterNames: string[];
}

function compile(
  [method, path, fn]: readonly [string, string, string],
  integrations: LocalHttpApiOptions['integrations'],
): CompiledRoute {
  const invoke = integrations[fn];
  if (!invoke) throw new Error(`The route ${method} ${path} names ${fn}, which is not given`);
  const parameterNames: string[] = [];
  const source = path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{(\w+)\\?\}/g, (_, name: string) => {
    parameterNames.push(name);
    return '([^/]+)';
  });
  return {
    method,
    invoke,
    routeKey: `${method} ${path}`,
    pattern: new RegExp(`^${source}$`),
    parameterNames,
  };
}

/**
 * The HTTP API as API Gateway runs it: CORS preflight answered by the gateway itself, stage
 * throttling (429), route match (404 otherwise; 400 for a path that does not decode), the JWT
 * authorizer (401 before any handler runs), then the Lambda integration with a payload-2.0 event,
 * and the handler's result mapped back to HTTP.
 */
export function createLocalHttpApi(options: LocalHttpApiOptions): LocalService {
  const routes = options.routes.map((route) => compile(route, options.integrations));
  const apiId = options.apiId ?? 'localhttpapi';
  const throttle = options.throttle && tokenBucket(options.throttle);

  return {
    async handle(request, response) {
      const url = new URL(request.url ?? '/', 'http://local');
      const origin = request.headers.origin;
      const corsHeaders: Record<string, string> =
        origin && options.allowedOrigins.includes(origin)
          ? { 'access-control-allow-origin': origin, vary: 'origin' }
          : {};

      if (request.method === 'OPTIONS') {
        if (!corsHeaders['access-control-allow-origin']) return void response.writeHead(204).end();
        response.writeHead(204, {
          ...corsHeaders,
          'access-control-allow-methods': 'GET,POST',
          'access-control-allow-headers': CORS_ALLOWED_HEADERS.join(','),
          'access-control-max-age': '3600',
        });
        return void response.end();
      }

      if (throttle && !throttle.admit()) {
        return sendJson(response, 429, { message: 'Too Many Requests' }, corsHeaders);
      }

      const route = routes.find(
        (candidate) => candidate.method === request.method && candidate.pattern.test(url.pathname),
      );
      const match = route?.pattern.exec(url.pathname);
      if (!route || !match) return sendJson(response, 404, { message: 'Not Found' }, corsHeaders);
      const pathParameters = decodePathParameters(route.parameterNames, match);
      if (!pathParameters) {
        const problem = validationProblem([
          { path: 'path', message: 'The request path is not valid percent-encoding (RFC 3986, UTF-8).' },
        ]);
        return sendJson(response, problem.status, problem.toBody(), {
          ...corsHeaders,
          'content-type': PROBLEM_CONTENT_TYPE,
        });
      }

      let claims: Awaited<ReturnType<typeof authorizeJwt>>;
      try {
        claims = await authorizeJwt(request.headers.authorization, options.authorizer);
      } catch (error) {
        if (!(error instanceof JwtAuthorizerError)) throw error;
        return sendJson(
          response,
          401,
          { message: 'Unauthorized' },
          {
            ...corsHeaders,
            'www-authenticate': `Bearer scope="" error="invalid_token" error_description="${error.message}"`,
          },
        );
      }

      let body: Buffer;
      try {
        body = await readBody(request, PAYLOAD_LIMIT_BYTES);
      } catch (error) {
        if (error instanceof PayloadTooLargeError)
          return sendJson(response, 413, { message: 'Request Entity Too Large' }, corsHeaders);
        throw error;
      }

      const event = toPayloadV2({
        request,
        routeKey: route.routeKey,
        path: url.pathname,
        query: url.searchParams,
        pathParameters,
        body,
        claims,
        apiId,
      });
      let result: APIGatewayProxyResultV2;
      try {
        result = (await route.invoke(event)) as APIGatewayProxyResultV2;
      } catch (error) {
        console.error(`[local-cloud] the handler of ${route.routeKey} failed`, error);
        return sendJson(response, 500, { message: 'Internal Server Error' }, corsHeaders);
      }
      writeResult(response, result, corsHeaders);
    },
  };
}

/** The route's path parameters, decoded; undefined when one is not valid percent-encoded UTF-8. */
function decodePathParameters(names: string[], match: RegExpExecArray): Record<string, string> | undefined {
  try {
    return Object.fromEntries(names.map((name, index) => [name, decodeURIComponent(match[index + 1] ?? '')]));
  } catch {
    return undefined;
  }
}

/** Payload 2.0 result mapping: a structured result, or any other value as a 200 JSON body. */
function writeResult(
  response: ServerResponse,
  result: APIGatewayProxyResultV2,
  corsHeaders: Record<string, string>,
) {
  if (typeof result !== 'object' || result === null || !('statusCode' in result)) {
    return sendJson(response, 200, result, corsHeaders);
  }
  const body =
    result.body === undefined
      ? Buffer.alloc(0)
      : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8');
  const headers: Record<string, string | string[]> = { ...corsHeaders };
  for (const [name, value] of Object.entries(result.headers ?? {}))
    headers[name.toLowerCase()] = String(value);
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  response.writeHead(result.statusCode ?? 200, headers);
  response.end(body);
}
