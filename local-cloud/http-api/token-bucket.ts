/** A stage's throttling settings, as API Gateway takes them: steady rate per second and burst. */
export interface ThrottleLimits {
  rateLimit: number;
  burstLimit: number;
}

/**
 * API Gateway's throttling algorithm, a token bucket: it holds up to `burstLimit` tokens, refills at
 * `rateLimit` per second, and each request takes one or is refused (429). A dozen lines, so no library.
 */
export function tokenBucket(limits: ThrottleLimits, now: () => number = Date.now) {
  let tokens = limits.burstLimit;
  let refilledAt = now();
  return {
    /** Admits a request when a token is left, and spends it; false means throttle it. */
    admit(): boolean {
      const at = now();
      tokens = Math.min(limits.burstLimit, tokens + ((at - refilledAt) / 1000) * limits.rateLimit);
      refilledAt = at;
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
  };
}
