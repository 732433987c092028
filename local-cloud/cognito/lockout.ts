/**
 * Cognito's lockout after failed sign-in attempts, as its developer guide documents it
 * (https://docs.aws.amazon.com/cognito/latest/developerguide/authentication.html#authentication-flow-lockout-behavior,
 * and user-pool-settings-mfa.html for MFA codes): after five failed attempts the user is locked out
 * for 2^(n-5) seconds, n being the failures so far, up to about 15 minutes. Attempts during a lockout
 * are refused with "Password attempts exceeded" and do not count. A successful sign-in after the
 * lockout, or 15 minutes without any attempt, resets it. Kept per user in the pool's state file, so a
 * new session or a restart does not reset it. Cognito has no library for this: it is written here.
 */
export interface SignInFailures {
  /** Failed password or MFA-code attempts since the last reset. */
  count: number;
  lastAttemptAt: number;
  lockedUntil: number;
}

export const FREE_ATTEMPTS = 5;
export const MAX_LOCKOUT_MS = 15 * 60_000;
export const RESET_AFTER_IDLE_MS = 15 * 60_000;

/** The record as it stands at `now`: cleared once the user has left sign-in alone for 15 minutes. */
export function current(failures: SignInFailures | undefined, now: number): SignInFailures | undefined {
  if (!failures || now - failures.lastAttemptAt >= RESET_AFTER_IDLE_MS) return undefined;
  return failures;
}

/** Whether an attempt at `now` is refused without being looked at. */
export function isLockedOut(failures: SignInFailures | undefined, now: number): boolean {
  const standing = current(failures, now);
  return standing !== undefined && now < standing.lockedUntil;
}

/** A refused attempt during a lockout: it counts as activity (no idle reset), not as a failure. */
export function attemptedWhileLocked(failures: SignInFailures, now: number): SignInFailures {
  return { ...failures, lastAttemptAt: now };
}

/** One more failure at `now`, and the lockout it earns: 1 s after the fifth, doubling, capped. */
export function failedAttempt(failures: SignInFailures | undefined, now: number): SignInFailures {
  const count = (current(failures, now)?.count ?? 0) + 1;
  return { count, lastAttemptAt: now, lockedUntil: now + lockoutMs(count) };
}

export function lockoutMs(failureCount: number): number {
  if (failureCount < FREE_ATTEMPTS) return 0;
  return Math.min(2 ** (failureCount - FREE_ATTEMPTS) * 1000, MAX_LOCKOUT_MS);
}
