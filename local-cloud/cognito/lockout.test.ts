import { describe, expect, it } from 'vitest';
import {
  attemptedWhileLocked,
  failedAttempt,
  isLockedOut,
  lockoutMs,
  MAX_LOCKOUT_MS,
  RESET_AFTER_IDLE_MS,
  type SignInFailures,
} from './lockout.ts';

function failTimes(times: number, at = 0): SignInFailures | undefined {
  let failures: SignInFailures | undefined;
  for (let attempt = 0; attempt < times; attempt += 1) failures = failedAttempt(failures, at);
  return failures;
}

describe('the sign-in lockout schedule', () => {
  it('given four failures, then the next attempt is not locked out', () => {
    expect(isLockedOut(failTimes(4), 0)).toBe(false);
  });

  it('given five failures, then the user is locked out for one second', () => {
    const failures = failTimes(5);
    expect(isLockedOut(failures, 999)).toBe(true);
    expect(isLockedOut(failures, 1000)).toBe(false);
  });

  it('given n failures past five, then the lockout is 2^(n-5) seconds', () => {
    expect([5, 6, 7, 10].map(lockoutMs)).toEqual([1000, 2000, 4000, 32_000]);
  });

  it('given very many failures, then the lockout stops growing at 15 minutes', () => {
    expect(lockoutMs(40)).toBe(MAX_LOCKOUT_MS);
  });

  it('given an attempt during a lockout, then it does not lengthen the lockout', () => {
    const failures = failTimes(6) as SignInFailures;
    expect(attemptedWhileLocked(failures, 500).lockedUntil).toBe(failures.lockedUntil);
    expect(attemptedWhileLocked(failures, 500).count).toBe(6);
  });

  it('given 15 minutes without an attempt, then the count starts again from zero', () => {
    const failures = failTimes(9);
    expect(failedAttempt(failures, RESET_AFTER_IDLE_MS).count).toBe(1);
    expect(isLockedOut(failures, RESET_AFTER_IDLE_MS)).toBe(false);
  });
});
