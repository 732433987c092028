import { describe, expect, it } from 'vitest';
import { percentile, summarize } from './stats.ts';

describe('latency statistics', () => {
  it('given 1..100, when summarised, then nearest-rank percentiles are 50, 95, 99', () => {
    const summary = summarize(Array.from({ length: 100 }, (_, index) => 100 - index));
    expect([summary.p50, summary.p95, summary.p99, summary.max]).toEqual([50, 95, 99, 100]);
  });

  it('given one sample, then every percentile is that sample', () => {
    expect(percentile([7], 0.99)).toBe(7);
  });
});
