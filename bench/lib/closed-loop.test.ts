import { describe, expect, it } from 'vitest';
import { closedLoop } from './closed-loop.ts';

describe('closedLoop', () => {
  it('given 10 operations at concurrency 3, when run, then each is timed once, failures are counted and at most 3 run at a time', async () => {
    let running = 0;
    let mostAtOnce = 0;
    const seen: number[] = [];
    const result = await closedLoop(10, 3, async (index) => {
      running += 1;
      mostAtOnce = Math.max(mostAtOnce, running);
      seen.push(index);
      await new Promise((resolve) => setTimeout(resolve, 1));
      running -= 1;
      return index % 4 !== 0;
    });
    expect(result.latencies).toHaveLength(10);
    expect(result.failures).toBe(3);
    expect(mostAtOnce).toBe(3);
    expect(seen.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
