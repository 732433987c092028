/** What a closed-loop load run measured: one latency per operation (ms), and the wall time. */
export interface LoadResult {
  latencies: number[];
  elapsedMs: number;
  failures: number;
}

/**
 * Runs `operation` `total` times, `concurrency` at a time, each worker starting its next operation
 * when its last one ends (a closed loop: the rate is what the system sustains at that concurrency).
 * `operation` gets the operation's index and resolves to whether it succeeded.
 */
export async function closedLoop(
  total: number,
  concurrency: number,
  operation: (index: number) => Promise<boolean>,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let failures = 0;
  let issued = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (issued < total) {
        const index = issued++;
        const sentAt = performance.now();
        const succeeded = await operation(index);
        latencies.push(performance.now() - sentAt);
        if (!succeeded) failures += 1;
      }
    }),
  );
  return { latencies, elapsedMs: performance.now() - started, failures };
}
