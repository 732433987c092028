/**
 * The routes of the orders API (the runtime's contract), as plain data: the CDK construct builds
 * API Gateway routes from it, and the local HTTP API serves the same list without loading CDK.
 * CORS preflight (OPTIONS) is API Gateway's own and never reaches a handler. `GET /orders` is the
 * caller's own order history (it needs the token's subject, which AppSync's SQL queries cannot see).
 */
export const COMMAND_ROUTES = [
  ['GET', '/orders'],
  ['POST', '/orders'],
  ['POST', '/orders/{id}/cancel'],
  ['POST', '/orders/{id}/transitions'],
  ['POST', '/reports'],
  ['GET', '/reports'],
  ['GET', '/reports/{id}/download'],
] as const satisfies ReadonlyArray<readonly ['GET' | 'POST', string]>;

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
