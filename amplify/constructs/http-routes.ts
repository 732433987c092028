import type { FunctionName } from '../functions/entries.ts';

/**
 * The routes of the HTTP API (the runtime's contract) and the function each integrates with, as
 * plain data: the CDK construct builds API Gateway routes from it, and the local HTTP API serves the
 * same list without loading CDK. CORS preflight (OPTIONS) is API Gateway's own and never reaches a
 * handler. `GET /orders` is the caller's own order history (it needs the token's subject, which
 * AppSync's SQL queries cannot see). The download route has a function of its own: only it needs
 * the S3 client and presigner (the orders API's cold start would load them for nothing) and the
 * right to read report objects.
 */
export const COMMAND_ROUTES = [
  ['GET', '/orders', 'orders-api'],
  ['POST', '/orders', 'orders-api'],
  ['POST', '/orders/{id}/cancel', 'orders-api'],
  ['POST', '/orders/{id}/transitions', 'orders-api'],
  ['POST', '/reports', 'orders-api'],
  ['GET', '/reports', 'orders-api'],
  ['GET', '/reports/{id}', 'orders-api'],
  ['GET', '/reports/{id}/download', 'report-download'],
  // The catalogue and its stock, ADMINS only (core/catalogue-requests.ts; reads are on AppSync).
  ['POST', '/products', 'orders-api'],
  ['POST', '/products/{id}/changes', 'orders-api'],
  ['POST', '/products/{id}/stock', 'orders-api'],
] as const satisfies ReadonlyArray<readonly ['GET' | 'POST', string, FunctionName]>;

/** The functions behind the HTTP API's routes. */
export type RouteFunction = (typeof COMMAND_ROUTES)[number][2];

/** Headers the browser may send cross-origin (CORS allow-list). */
export const CORS_ALLOWED_HEADERS = ['authorization', 'content-type', 'idempotency-key'];

/**
 * The `$default` stage's throttling, for the whole API (it has no WAF: HTTP APIs cannot take one):
 * steady requests per second and burst. The CDK stage and the local HTTP API both read it.
 */
export const HTTP_API_THROTTLE = { rateLimit: 50, burstLimit: 100 } as const;

/**
 * Tighter throttles for the costly routes, per route key (API Gateway applies them per API and stage,
 * like the default): a report request starts a report run, the list reads the reports table, a
 * download signs a URL for an object of up to tens of MB.
 */
export const COSTLY_ROUTE_THROTTLE: Record<string, { rateLimit: number; burstLimit: number }> = {
  'POST /reports': { rateLimit: 1, burstLimit: 5 },
  'GET /reports': { rateLimit: 5, burstLimit: 10 },
  'GET /reports/{id}/download': { rateLimit: 5, burstLimit: 10 },
};
