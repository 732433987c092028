/**
 * Restarting the realtime subscription when the Amplify client will not bring it back soon: after
 * an error it reports as final (a subscription refused by the server, a token that expired while
 * the tab slept), nothing restarts it at all; after a dropped connection it retries once after 5 s
 * and then only once a minute, so a service back after a longer outage would stay unseen for up
 * to a minute. This schedules restarts with capped exponential backoff and jitter for as long as
 * the page is open; the cap keeps "back within 10 s of the service" true. The clock and the random
 * source are parameters, so the schedule is tested deterministically (restart.test.ts).
 */
export interface RestartPolicy {
  /** The wait before the first restart. */
  firstDelayMs: number;
  /** No wait is longer than this, however many restarts failed. */
  maxDelayMs: number;
}

export const RESTART_POLICY: RestartPolicy = { firstDelayMs: 1_000, maxDelayMs: 8_000 };

/**
 * The wait before restart number `attempt` (0 after the first failure): a step that doubles from
 * `firstDelayMs` up to `maxDelayMs`, and a random point in its upper half ("equal jitter"): tabs
 * that lost the same server spread out instead of returning together, and none retries sooner
 * than half the step.
 */
export function restartDelay(attempt: number, random: () => number, policy = RESTART_POLICY): number {
  const step = Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** Math.min(attempt, 30));
  return step / 2 + random() * (step / 2);
}

export interface Clock {
  now(): number;
  setTimeout(callback: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface Restarter {
  /** The subscription failed for good: schedules the next start, and answers when it will be (epoch ms). */
  failed(): number;
  /** It is live again: a scheduled start is dropped, and the next failure waits the first delay again. */
  recovered(): void;
  /** Starts now, in place of the scheduled start (the user's "Retry now", the network coming back). */
  retryNow(): void;
  /** Whether a start is scheduled. */
  pending(): boolean;
  /** The page is gone: nothing more is started. */
  dispose(): void;
}

export function createRestarter(options: {
  start: () => void;
  clock?: Clock;
  random?: () => number;
  policy?: RestartPolicy;
}): Restarter {
  const { start, clock = systemClock, random = Math.random, policy = RESTART_POLICY } = options;
  let attempt = 0;
  let timer: unknown = null;
  let disposed = false;

  const cancel = () => {
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
  };
  const run = () => {
    timer = null;
    if (!disposed) start();
  };

  return {
    failed() {
      cancel();
      const delay = restartDelay(attempt, random, policy);
      attempt += 1;
      timer = clock.setTimeout(run, delay);
      return clock.now() + delay;
    },
    recovered() {
      cancel();
      attempt = 0;
    },
    retryNow() {
      cancel();
      run();
    },
    pending: () => timer !== null,
    dispose() {
      disposed = true;
      cancel();
    },
  };
}
