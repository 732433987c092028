import { describe, expect, it } from 'vitest';
import { tokenBucket } from './token-bucket.ts';

function takeTimes(bucket: ReturnType<typeof tokenBucket>, times: number): number {
  let admitted = 0;
  for (let request = 0; request < times; request += 1) if (bucket.admit()) admitted += 1;
  return admitted;
}

describe('the throttling token bucket', () => {
  it('given a full bucket, when a burst arrives, then exactly the burst limit is admitted', () => {
    const bucket = tokenBucket({ rateLimit: 50, burstLimit: 100 }, () => 0);
    expect(takeTimes(bucket, 150)).toBe(100);
  });

  it('given an empty bucket, when a second passes, then the rate limit is admitted again', () => {
    let now = 0;
    const bucket = tokenBucket({ rateLimit: 50, burstLimit: 100 }, () => now);
    takeTimes(bucket, 100);
    now = 1000;
    expect(takeTimes(bucket, 100)).toBe(50);
  });

  it('given a long quiet spell, then the bucket refills to the burst limit, no further', () => {
    let now = 0;
    const bucket = tokenBucket({ rateLimit: 50, burstLimit: 100 }, () => now);
    takeTimes(bucket, 100);
    now = 60_000;
    expect(takeTimes(bucket, 500)).toBe(100);
  });
});
