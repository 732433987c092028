/**
 * The `type` of every RFC 9457 problem the orders API answers with: a stable URN per kind of
 * failure, which clients switch on. The server sends them and the SPA reads them from here.
 */
const problemType = <Slug extends string>(slug: Slug) => `urn:secure-orders:problem:${slug}` as const;

export const PROBLEM_TYPE = {
  validation: problemType('validation-failed'),
  unpriceable: problemType('unpriceable-item'),
  unauthenticated: problemType('unauthenticated'),
  forbidden: problemType('forbidden'),
  notFound: problemType('not-found'),
  methodNotAllowed: problemType('method-not-allowed'),
  requestTimeout: problemType('request-timeout'),
  idempotencyConflict: problemType('idempotency-key-reused'),
  versionConflict: problemType('version-conflict'),
  transitionRefused: problemType('transition-refused'),
  reportNotReady: problemType('report-not-ready'),
  insufficientStock: problemType('insufficient-stock'),
  skuTaken: problemType('sku-taken'),
  stockBelowReserved: problemType('stock-below-reserved'),
  tooLarge: problemType('payload-too-large'),
  unsupportedMediaType: problemType('unsupported-media-type'),
  unavailable: problemType('service-unavailable'),
  internal: problemType('internal-error'),
} as const;

export type ProblemType = (typeof PROBLEM_TYPE)[keyof typeof PROBLEM_TYPE];
