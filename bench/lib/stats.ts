/** Latency summaries for the benchmarks: nearest-rank percentiles over measured samples (ms). */
export interface LatencySummary {
  samples: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[rank] as number;
}

export function summarize(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    samples: sorted.length,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

/** Runs `operation` `warmup` times unmeasured, then `iterations` times measured, one at a time. */
export async function measure(
  operation: () => Promise<unknown>,
  iterations: number,
  warmup = 10,
): Promise<LatencySummary> {
  for (let index = 0; index < warmup; index++) await operation();
  const samples: number[] = [];
  for (let index = 0; index < iterations; index++) {
    const started = performance.now();
    await operation();
    samples.push(performance.now() - started);
  }
  return summarize(samples);
}

export function ms(value: number): string {
  return `${value.toFixed(2)} ms`;
}
