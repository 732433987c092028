import type pg from 'pg';
import type { OrderEventRecord } from '../../db/order-rows.ts';
import { oldestUnpublishedAgeSeconds, publishPendingBatch } from '../../db/outbox.ts';

export interface RelayOptions {
  batchSize: number;
  /** Stop starting new batches when this returns true (e.g. the invocation is nearly out of time). */
  shouldStop: () => boolean;
  publish: (events: OrderEventRecord[]) => Promise<readonly string[]>;
}

export interface RelayResult {
  published: number;
  /** Age of the oldest event still waiting after the run, 0 when the outbox is empty. */
  lagSeconds: number;
}

/**
 * Drains the outbox oldest first, one locked batch at a time. Stops when a batch publishes
 * nothing (empty outbox, or the bus is refusing): the next scheduled run tries again.
 */
export async function relayOutbox(pool: pg.Pool, options: RelayOptions): Promise<RelayResult> {
  let published = 0;
  while (!options.shouldStop()) {
    const marked = await publishPendingBatch(pool, { limit: options.batchSize, publish: options.publish });
    published += marked;
    if (marked === 0) break;
  }
  return { published, lagSeconds: (await oldestUnpublishedAgeSeconds(pool)) ?? 0 };
}
