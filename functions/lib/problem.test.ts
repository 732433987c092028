import { describe, expect, it } from 'vitest';
import {
  IdempotencyConflictError,
  OrderNotFoundError,
  TransitionRefusedError,
  VersionConflictError,
} from '../../core/errors.ts';
import { UnpriceableItemError } from '../../core/pricing.ts';
import { ValidationError } from '../../core/validation.ts';
import { ForbiddenError, UnauthenticatedError } from './caller.ts';
import { DatabaseUnavailableError } from './database-errors.ts';
import { internalProblem, toProblem } from './problem.ts';

describe('toProblem', () => {
  it.each([
    [new ValidationError([{ path: 'items.0.quantity', message: 'too big' }]), 400, 'validation-failed'],
    [new UnpriceableItemError('items.1.productId', 'Product is no longer sold'), 422, 'unpriceable-item'],
    [new UnauthenticatedError('no token'), 401, 'unauthenticated'],
    [new ForbiddenError('admins only'), 403, 'forbidden'],
    [new OrderNotFoundError('x'), 404, 'not-found'],
    [new IdempotencyConflictError(), 409, 'idempotency-key-reused'],
    [new VersionConflictError(1, 2), 409, 'version-conflict'],
    [
      new TransitionRefusedError({ allowed: false, reason: 'FINAL_STATE', from: 'DELIVERED' }, 'CANCELLED'),
      409,
      'transition-refused',
    ],
    [new DatabaseUnavailableError('down'), 503, 'service-unavailable'],
  ])('given %s, when mapped, then the status is %i with a stable type', (error, status, slug) => {
    const problem = toProblem(error);
    expect(problem?.status).toBe(status);
    expect(problem?.toBody()).toMatchObject({
      type: `urn:secure-orders:problem:${slug}`,
      status,
      title: expect.any(String),
    });
  });

  it('given a validation error, when mapped, then each failing field path is listed', () => {
    const body = toProblem(
      new ValidationError([
        { path: 'currency', message: 'bad' },
        { path: 'items', message: 'empty' },
      ]),
    )?.toBody();
    expect(body?.errors).toEqual([
      { path: 'currency', message: 'bad' },
      { path: 'items', message: 'empty' },
    ]);
  });

  it('given a database outage, when mapped, then the client is told when to retry', () => {
    expect(
      toProblem(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))?.headers,
    ).toEqual({
      'retry-after': '5',
    });
  });

  it('given an unknown error, when mapped, then it is not a known problem', () => {
    expect(toProblem(new TypeError('boom'))).toBeNull();
  });

  it('given an internal problem, when rendered, then it carries only the correlation id', () => {
    const body = internalProblem('req-1').toBody();
    expect(body).toEqual({
      type: 'urn:secure-orders:problem:internal-error',
      title: 'Internal error',
      status: 500,
      detail: 'Something went wrong on our side',
      correlationId: 'req-1',
    });
  });
});
