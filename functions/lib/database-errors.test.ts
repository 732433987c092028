import { describe, expect, it } from 'vitest';
import { DatabaseUnavailableError, isDatabaseUnavailable } from './database-errors.ts';

const withCode = (code: string) => Object.assign(new Error(code), { code });

describe('isDatabaseUnavailable', () => {
  it.each(['ECONNREFUSED', 'ETIMEDOUT', 'ENOTFOUND', '08006', '57P01', '53300', '57014', '40001'])(
    'given an error with code %s, when classified, then the database is unavailable',
    (code) => {
      expect(isDatabaseUnavailable(withCode(code))).toBe(true);
    },
  );

  it.each(['timeout exceeded when trying to connect', 'Connection terminated unexpectedly'])(
    'given node-postgres saying "%s", when classified, then the database is unavailable',
    (message) => {
      expect(isDatabaseUnavailable(new Error(message))).toBe(true);
    },
  );

  it('given our own wrapper, when classified, then the database is unavailable', () => {
    expect(isDatabaseUnavailable(new DatabaseUnavailableError('no secret'))).toBe(true);
  });

  it.each(['23505', '22P02', '42P01'])(
    'given SQLSTATE %s (a bug or bad data), when classified, then it is not an outage',
    (code) => {
      expect(isDatabaseUnavailable(withCode(code))).toBe(false);
    },
  );
});
