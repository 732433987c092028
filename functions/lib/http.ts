import { HttpError, ParameterValidationError, type Router } from '@aws-lambda-powertools/event-handler/http';
import type { Middleware, RequestContext } from '@aws-lambda-powertools/event-handler/types';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import type * as z from 'zod/mini';
import { PROBLEM_TYPE, type ProblemType } from '../../core/problem-types.ts';
import { parseInput, ValidationError } from '../../core/validation.ts';
import { logger, observedHandler } from './observability.ts';
import {
  internalProblem,
  PROBLEM_CONTENT_TYPE,
  ProblemError,
  RETRY_AFTER_SECONDS,
  toProblem,
  validationProblem,
} from './problem.ts';

/** Request bodies above this are refused before anything reads them. */
export const MAX_BODY_BYTES = 64 * 1024;

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
  });
}

export function problemResponse(problem: ProblemError): Response {
  return new Response(JSON.stringify(problem.toBody()), {
    status: problem.status,
    headers: { 'content-type': PROBLEM_CONTENT_TYPE, 'cache-control': 'no-store', ...problem.headers },
  });
}

function eventOf(reqCtx: RequestContext): APIGatewayProxyEventV2 {
  return reqCtx.event as APIGatewayProxyEventV2;
}

function bodyBytes(event: APIGatewayProxyEventV2): number {
  if (!event.body) return 0;
  return Buffer.byteLength(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
}

/** Refuses oversized bodies (413) before any route runs. */
export const limitBodySize: Middleware = async ({ reqCtx, next }) => {
  if (bodyBytes(eventOf(reqCtx)) > MAX_BODY_BYTES) {
    throw new ProblemError(
      413,
      PROBLEM_TYPE.tooLarge,
      'Payload too large',
      `Request bodies are limited to ${MAX_BODY_BYTES} bytes`,
    );
  }
  await next();
};

const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/**
 * The request body as JSON (an empty body reads as `{}`). A body that is not JSON, or not
 * declared as JSON, is the client's error.
 */
export async function readJsonBody(reqCtx: RequestContext): Promise<unknown> {
  const text = await reqCtx.req.text();
  if (text.trim() === '') return {};
  const contentType = reqCtx.req.headers.get('content-type') ?? '';
  if (!JSON_MEDIA_TYPE.test(contentType)) {
    throw new ProblemError(
      415,
      PROBLEM_TYPE.unsupportedMediaType,
      'Unsupported media type',
      'Send the body as application/json',
    );
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError([{ path: '', message: 'The body is not valid JSON' }]);
  }
}

/** Parses one named input (a header, a path or query parameter) and names it in the error. */
export function parseNamed<Output>(name: string, schema: z.core.$ZodType<Output>, value: unknown): Output {
  try {
    return parseInput(schema, value);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    throw new ValidationError(
      error.issues.map((issue) => ({ ...issue, path: issue.path ? `${name}.${issue.path}` : name })),
    );
  }
}

/**
 * The query string as one value per name. A repeated name (`?status=A&status=B`) is refused:
 * taking either value silently would answer a question the client did not ask.
 */
export function readQuery(reqCtx: RequestContext): Record<string, string> {
  const entries = [...new URL(reqCtx.req.url).searchParams];
  const seen = new Set<string>();
  for (const [name] of entries) {
    if (seen.has(name))
      throw new ValidationError([{ path: name, message: 'Give this query parameter once' }]);
    seen.add(name);
  }
  // fromEntries defines own properties: a `__proto__` parameter stays a plain (refused) key.
  return Object.fromEntries(entries);
}

/** The router's own refusals, each as its own problem (RequestValidationError is a 422). */
const ROUTER_PROBLEMS: ReadonlyMap<number, { type: ProblemType; title: string; detail: string }> = new Map([
  [400, { type: PROBLEM_TYPE.validation, title: 'Bad request', detail: 'The request could not be read' }],
  [401, { type: PROBLEM_TYPE.unauthenticated, title: 'Not signed in', detail: 'Sign in to use this API' }],
  [403, { type: PROBLEM_TYPE.forbidden, title: 'Forbidden', detail: 'This route is not for this caller' }],
  [404, { type: PROBLEM_TYPE.notFound, title: 'Not found', detail: 'No such route' }],
  [
    405,
    {
      type: PROBLEM_TYPE.methodNotAllowed,
      title: 'Method not allowed',
      detail: 'This route does not accept the method',
    },
  ],
  [
    408,
    {
      type: PROBLEM_TYPE.requestTimeout,
      title: 'Request timeout',
      detail: 'The request took too long to arrive',
    },
  ],
  [
    413,
    {
      type: PROBLEM_TYPE.tooLarge,
      title: 'Payload too large',
      detail: `Request bodies are limited to ${MAX_BODY_BYTES} bytes`,
    },
  ],
  [
    422,
    {
      type: PROBLEM_TYPE.validation,
      title: 'The request is not valid',
      detail: 'The request could not be validated',
    },
  ],
  [503, { type: PROBLEM_TYPE.unavailable, title: 'Service unavailable', detail: 'Please retry shortly' }],
]);

/** A router error as its own problem; a 5xx it raised for itself is unknown (null), like any bug. */
function routerProblem(error: HttpError): ProblemError | null {
  const known = ROUTER_PROBLEMS.get(error.statusCode);
  if (!known) return null;
  const headers: Record<string, string> =
    error.statusCode === 401
      ? { 'www-authenticate': 'Bearer' }
      : error.statusCode === 503
        ? { 'retry-after': String(RETRY_AFTER_SECONDS) }
        : {};
  return new ProblemError(error.statusCode, known.type, known.title, known.detail, {}, headers);
}

/** Every failure becomes problem+json; an unknown one is logged in full and shown only as an id. */
export function handleRouteError(error: Error): Response {
  const problem =
    toProblem(error) ??
    (error instanceof HttpError ? routerProblem(error) : null) ??
    // The router refuses an empty path parameter (`/orders/%20/cancel`) before any route runs.
    (error instanceof ParameterValidationError
      ? validationProblem(error.issues.map((message) => ({ path: '', message })))
      : null) ??
    (error instanceof URIError
      ? new ProblemError(400, PROBLEM_TYPE.validation, 'Bad request', 'Malformed path')
      : null);
  if (problem) {
    if (problem.status >= 500)
      logger.warn('Request failed: dependency unavailable', { error: error.message });
    return problemResponse(problem);
  }
  // Name, code, message and stack only: driver errors carry row values (`detail`) that may be
  // personal data.
  const { name, message, stack } = error;
  logger.error('Unhandled error', {
    error: { name, message, code: (error as { code?: unknown }).code, stack },
  });
  return problemResponse(internalProblem(String(logger.getCorrelationId() ?? 'unknown')));
}

type ApiResult = APIGatewayProxyStructuredResultV2;

/**
 * The Lambda entry for a router: correlation id and Lambda context on every log line, metrics
 * flushed after each invocation, and an event the router cannot even turn into a request (a
 * header value no HTTP stack accepts) answered 400 rather than crashing the invocation.
 */
export function apiHandler(
  app: Router,
): (event: APIGatewayProxyEventV2, context: Context) => Promise<ApiResult> {
  app.errorHandler(Error, async (error) => handleRouteError(error));
  return observedHandler(async (event, context) => {
    logger.setCorrelationId(event?.requestContext?.requestId ?? context.awsRequestId);
    // The subject is the only identity that goes into logs (no email, no name).
    const sub = (event as APIGatewayProxyEventV2WithJWTAuthorizer)?.requestContext?.authorizer?.jwt?.claims
      ?.sub;
    if (typeof sub === 'string') logger.appendKeys({ sub });
    else logger.removeKeys(['sub']);
    try {
      return (await app.resolve(event, context)) as ApiResult;
    } catch (error) {
      logger.warn('Unreadable request event', { error: (error as Error).message });
      const problem = new ProblemError(
        400,
        PROBLEM_TYPE.validation,
        'Bad request',
        'The request could not be read',
      );
      return {
        statusCode: 400,
        headers: { 'content-type': PROBLEM_CONTENT_TYPE },
        body: JSON.stringify(problem.toBody()),
      };
    }
  });
}
