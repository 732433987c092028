import { describe, expect, it } from 'vitest';
import { type Clock, createRestarter, RESTART_POLICY, restartDelay } from './restart.ts';

/** A clock that moves only when told to, running what falls due. */
function manualClock(): Clock & { advance(ms: number): void } {
  let now = 0;
  let timers: { at: number; callback: () => void; handle: number }[] = [];
  let nextHandle = 1;
  return {
    now: () => now,
    setTimeout(callback, delayMs) {
      const handle = nextHandle++;
      timers.push({ at: now + delayMs, callback, handle });
      return handle;
    },
    clearTimeout(handle) {
      timers = timers.filter((timer) => timer.handle !== handle);
    },
    advance(ms) {
      now += ms;
      const due = timers.filter((timer) => timer.at <= now).sort((a, b) => a.at - b.at);
      timers = timers.filter((timer) => timer.at > now);
      for (const timer of due) timer.callback();
    },
  };
}

describe('the restart schedule', () => {
  it('given no jitter (random 0), when restarts keep failing, then waits double from half a second and stop growing at half the cap', () => {
    const waits = Array.from({ length: 8 }, (_, attempt) => restartDelay(attempt, () => 0));
    expect(waits).toEqual([500, 1_000, 2_000, 4_000, 4_000, 4_000, 4_000, 4_000]);
  });

  it('given the most jitter, when restarts keep failing, then a service back at any moment is tried again within the cap (8 s)', () => {
    expect(RESTART_POLICY.maxDelayMs).toBeLessThanOrEqual(8_000);
    const waits = Array.from({ length: 50 }, (_, attempt) => restartDelay(attempt, () => 0.999_999));
    expect(Math.max(...waits)).toBeLessThanOrEqual(RESTART_POLICY.maxDelayMs);
  });

  it('given many tabs failing together, when each draws its jitter, then their waits spread over the upper half of the step', () => {
    const draws = [0, 0.25, 0.5, 0.75];
    expect(draws.map((draw) => restartDelay(2, () => draw))).toEqual([2_000, 2_500, 3_000, 3_500]);
  });

  it('given an attempt count far past the cap, when the wait is computed, then it is finite and capped', () => {
    expect(restartDelay(10_000, () => 1)).toBe(RESTART_POLICY.maxDelayMs);
  });
});

describe('the restarter', () => {
  function restarter() {
    const clock = manualClock();
    let starts = 0;
    const subject = createRestarter({ start: () => starts++, clock, random: () => 0.5 });
    return { clock, subject, starts: () => starts };
  }

  it('given a final failure, when the wait passes, then the subscription starts once, and the answer said when', () => {
    const { clock, subject, starts } = restarter();
    expect(subject.failed()).toBe(750);
    clock.advance(749);
    expect(starts()).toBe(0);
    clock.advance(1);
    expect(starts()).toBe(1);
    expect(subject.pending()).toBe(false);
  });

  it('given restarts that fail again, when each is scheduled, then the waits grow; after a recovery they start over', () => {
    const { clock, subject } = restarter();
    const waits: number[] = [];
    for (let index = 0; index < 4; index++) {
      const at = subject.failed();
      waits.push(at - clock.now());
      clock.advance(at - clock.now());
    }
    expect(waits).toEqual([750, 1_500, 3_000, 6_000]);
    subject.recovered();
    expect(subject.failed() - clock.now()).toBe(750);
  });

  it('given a scheduled restart, when the client reconnects by itself first, then the restart is dropped', () => {
    const { clock, subject, starts } = restarter();
    subject.failed();
    subject.recovered();
    expect(subject.pending()).toBe(false);
    clock.advance(60_000);
    expect(starts()).toBe(0);
  });

  it('given a scheduled restart, when the user retries now, then it starts at once and not again when the wait would have passed', () => {
    const { clock, subject, starts } = restarter();
    subject.failed();
    subject.retryNow();
    expect(starts()).toBe(1);
    clock.advance(60_000);
    expect(starts()).toBe(1);
  });

  it('given a scheduled restart, when the page goes away, then nothing starts', () => {
    const { clock, subject, starts } = restarter();
    subject.failed();
    subject.dispose();
    clock.advance(60_000);
    subject.retryNow();
    expect(starts()).toBe(0);
  });

  it('given two failures reported before the restart ran, when time passes, then only one start is scheduled', () => {
    const { clock, subject, starts } = restarter();
    subject.failed();
    subject.failed();
    clock.advance(60_000);
    expect(starts()).toBe(1);
  });
});
