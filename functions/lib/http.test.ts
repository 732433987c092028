import '../../tests/support/function-env.ts';
import { afterEach, describe, expect, it, vi } from 'vitest';
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
