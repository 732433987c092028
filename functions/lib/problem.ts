import {
  IdempotencyConflictError,
  OrderNotFoundError,
  TransitionRefusedError,
  VersionConflictError,
} from '../../core/errors.ts';
import { UnpriceableItemError } from '../../core/pricing.ts';
import { type FieldIssue, ValidationError } from '../../core/validation.ts';
import { ForbiddenError, UnauthenticatedError } from './caller.ts';
import { isDatabaseUnavailable } from './database-errors.ts';

/**
 * RFC 9457 problem details. `type` is a stable URN per kind of failure (clients switch on it),
 * `title` is fixed per type, `detail` explains this occurrence.
 */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  [extension: string]: unknown;
}

/** A failure already decided at the edge: status, type and the words to say. */
export class ProblemError extends Error {
  override readonly name = 'ProblemError';
  constructor(
    readonly status: number,
    readonly problemType: string,
    readonly title: string,
    detail: string,
    readonly extensions: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }

  toBody(): ProblemBody {
    return {
      type: this.problemType,
      title: this.title,
      status: this.status,
      detail: this.message,
      ...this.extensions,
    };
  }
}

const typeUrn = (slug: string) => `urn:secure-orders:problem:${slug}`;

export const PROBLEM = {
  validation: typeUrn('validation-failed'),
  unpriceable: typeUrn('unpriceable-item'),
  unauthenticated: typeUrn('unauthenticated'),
  forbidden: typeUrn('forbidden'),
  notFound: typeUrn('not-found'),
  methodNotAllowed: typeUrn('method-not-allowed'),
  idempotencyConflict: typeUrn('idempotency-key-reused'),
  versionConflict: typeUrn('version-conflict'),
  transitionRefused: typeUrn('transition-refused'),
  reportNotReady: typeUrn('report-not-ready'),
  tooLarge: typeUrn('payload-too-large'),
  unsupportedMediaType: typeUrn('unsupported-media-type'),
  unavailable: typeUrn('service-unavailable'),
  internal: typeUrn('internal-error'),
} as const;

export const RETRY_AFTER_SECONDS = 5;

export function validationProblem(issues: FieldIssue[], status = 400): ProblemError {
  return new ProblemError(
    status,
    status === 422 ? PROBLEM.unpriceable : PROBLEM.validation,
    status === 422 ? 'The order cannot be priced' : 'The request is not valid',
    issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join('; '),
    { errors: issues },
  );
}

export function notFoundProblem(detail = 'Not found'): ProblemError {
  return new ProblemError(404, PROBLEM.notFound, 'Not found', detail);
}

/**
 * The lifecycle's refusal. On the cancel route it is a conflict with the order's state (409);
 * on the admin transition route the caller asked for a move the lifecycle forbids (422).
 */
export function transitionRefusedProblem(error: TransitionRefusedError, status: 409 | 422): ProblemError {
  return new ProblemError(
    status,
    PROBLEM.transitionRefused,
    'The order cannot make this move',
    error.message,
    {
      reason: error.decision.reason,
      currentStatus: error.decision.from,
      requestedStatus: error.requested,
    },
  );
}

/** Maps the domain's and the edge's typed errors; anything else is unknown (null). */
export function toProblem(error: unknown): ProblemError | null {
  if (error instanceof ProblemError) return error;
  if (error instanceof ValidationError) return validationProblem(error.issues);
  if (error instanceof UnpriceableItemError)
    return validationProblem([{ path: error.path, message: error.message }], 422);
  if (error instanceof UnauthenticatedError) {
    return new ProblemError(
      401,
      PROBLEM.unauthenticated,
      'Not signed in',
      error.message,
      {},
      {
        'www-authenticate': 'Bearer',
      },
    );
  }
  if (error instanceof ForbiddenError)
    return new ProblemError(403, PROBLEM.forbidden, 'Forbidden', error.message);
  if (error instanceof OrderNotFoundError) return notFoundProblem('No such order');
  if (error instanceof IdempotencyConflictError) {
    return new ProblemError(409, PROBLEM.idempotencyConflict, 'Idempotency-Key reused', error.message);
  }
  if (error instanceof VersionConflictError) {
    return new ProblemError(409, PROBLEM.versionConflict, 'The order has changed', error.message, {
      currentVersion: error.currentVersion,
    });
  }
  if (error instanceof TransitionRefusedError) return transitionRefusedProblem(error, 409);
  if (isDatabaseUnavailable(error)) {
    return new ProblemError(
      503,
      PROBLEM.unavailable,
      'Service unavailable',
      'Please retry shortly',
      {},
      {
        'retry-after': String(RETRY_AFTER_SECONDS),
      },
    );
  }
  return null;
}

/** What an unknown failure shows: nothing but the id to quote to support. */
export function internalProblem(correlationId: string): ProblemError {
  return new ProblemError(500, PROBLEM.internal, 'Internal error', 'Something went wrong on our side', {
    correlationId,
  });
}
