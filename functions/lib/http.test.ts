import '../../tests/support/function-env.ts';
import {
  BadRequestError,
  ForbiddenError,
  InternalServerError,
  MethodNotAllowedError,
  NotFoundError,
  RequestEntityTooLargeError,
  RequestTimeoutError,
  ServiceUnavailableError,
  UnauthorizedError,
} from '@aws-lambda-powertools/event-handler/http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PROBLEM_TYPE } from '../../core/problem-types.ts';
import { handleRouteError } from './http.ts';
import { logger } from './observability.ts';

describe('handleRouteError', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('given a driver error carrying row values, when logged, then only its name, code, message and stack are kept', async () => {
    const log = vi.spyOn(logger, 'error');
    const error = Object.assign(new Error('new row violates check constraint'), {
      code: '23514',
      detail: 'Failing row contains (jane@example.com)',
    });
    const response = handleRouteError(error);
    expect(response.status).toBe(500);
    expect(JSON.stringify(log.mock.calls)).not.toContain('jane@example.com');
    expect(log.mock.calls[0]?.[1]).toMatchObject({
      error: { name: 'Error', code: '23514', message: error.message },
    });
  });

  it('given an unknown error, when answered, then the body says nothing about it', async () => {
    const response = handleRouteError(new Error('secret internals'));
    expect(await response.text()).not.toContain('secret internals');
  });
});

describe("handleRouteError with the router's own errors", () => {
  it.each([
    [new BadRequestError('x'), 400, PROBLEM_TYPE.validation],
    [new UnauthorizedError('x'), 401, PROBLEM_TYPE.unauthenticated],
    [new ForbiddenError('x'), 403, PROBLEM_TYPE.forbidden],
    [new NotFoundError('x'), 404, PROBLEM_TYPE.notFound],
    [new MethodNotAllowedError('x'), 405, PROBLEM_TYPE.methodNotAllowed],
    [new RequestTimeoutError('x'), 408, PROBLEM_TYPE.requestTimeout],
    [new RequestEntityTooLargeError('x'), 413, PROBLEM_TYPE.tooLarge],
    [new ServiceUnavailableError('x'), 503, PROBLEM_TYPE.unavailable],
    [new InternalServerError('x'), 500, PROBLEM_TYPE.internal],
  ])('given %s, when answered, then it is a %i of its own type', async (error, status, type) => {
    const response = handleRouteError(error);
    expect(response.status).toBe(status);
    expect(await response.json()).toMatchObject({ type, status });
  });
});
