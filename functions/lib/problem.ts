import {
  IdempotencyConflictError,
  InsufficientStockError,
  OrderNotFoundError,
  ProductNotFoundError,
  SkuTakenError,
  StockBelowReservedError,
  TransitionRefusedError,
  VersionConflictError,
} from '../../core/errors.ts';
import { UnpriceableItemError } from '../../core/pricing.ts';
import { PROBLEM_TYPE, type ProblemType } from '../../core/problem-types.ts';
import { type FieldIssue, ValidationError } from '../../core/validation.ts';
import { ForbiddenError, UnauthenticatedError } from './caller.ts';
import { isDatabaseUnavailable } from './database-errors.ts';

/**
 * RFC 9457 problem details. `type` is a stable URN per kind of failure (core/problem-types.ts),
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
    readonly problemType: ProblemType,
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

export const RETRY_AFTER_SECONDS = 5;

export function validationProblem(issues: FieldIssue[], status = 400): ProblemError {
  return new ProblemError(
    status,
    status === 422 ? PROBLEM_TYPE.unpriceable : PROBLEM_TYPE.validation,
    status === 422 ? 'The order cannot be priced' : 'The request is not valid',
    issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join('; '),
    { errors: issues },
  );
}

export function notFoundProblem(detail = 'Not found'): ProblemError {
  return new ProblemError(404, PROBLEM_TYPE.notFound, 'Not found', detail);
}

/**
 * The lifecycle's refusal. On the cancel route it is a conflict with the order's state (409);
 * on the admin transition route the caller asked for a move the lifecycle forbids (422).
 */
export function transitionRefusedProblem(error: TransitionRefusedError, status: 409 | 422): ProblemError {
  return new ProblemError(
    status,
    PROBLEM_TYPE.transitionRefused,
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
      PROBLEM_TYPE.unauthenticated,
      'Not signed in',
      error.message,
      {},
      {
        'www-authenticate': 'Bearer',
      },
    );
  }
  if (error instanceof ForbiddenError)
    return new ProblemError(403, PROBLEM_TYPE.forbidden, 'Forbidden', error.message);
  if (error instanceof OrderNotFoundError) return notFoundProblem('No such order');
  if (error instanceof ProductNotFoundError) return notFoundProblem('No such product');
  if (error instanceof InsufficientStockError) {
    return new ProblemError(409, PROBLEM_TYPE.insufficientStock, 'Not enough stock', error.message, {
      shortLines: error.shortLines,
    });
  }
  if (error instanceof SkuTakenError) {
    return new ProblemError(409, PROBLEM_TYPE.skuTaken, 'SKU already in use', error.message, {
      sku: error.sku,
    });
  }
  if (error instanceof StockBelowReservedError) {
    return new ProblemError(
      409,
      PROBLEM_TYPE.stockBelowReserved,
      'Stock cannot go below what orders hold',
      error.message,
      { onHand: error.onHand, reserved: error.reserved },
    );
  }
  if (error instanceof IdempotencyConflictError) {
    return new ProblemError(409, PROBLEM_TYPE.idempotencyConflict, 'Idempotency-Key reused', error.message);
  }
  if (error instanceof VersionConflictError) {
    return new ProblemError(
      409,
      PROBLEM_TYPE.versionConflict,
      `The ${error.subject} has changed`,
      error.message,
      {
        currentVersion: error.currentVersion,
      },
    );
  }
  if (error instanceof TransitionRefusedError) return transitionRefusedProblem(error, 409);
  if (isDatabaseUnavailable(error)) {
    return new ProblemError(
      503,
      PROBLEM_TYPE.unavailable,
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
  return new ProblemError(500, PROBLEM_TYPE.internal, 'Internal error', 'Something went wrong on our side', {
    correlationId,
  });
}
