import type pg from 'pg';
import { type Outbox, oldestUnpublishedAgeSeconds, publishPendingFrom } from '../../db/outbox.ts';

export interface RelayOptions<Event> {
  batchSize: number;
  /** Stop starting new batches when this returns true (e.g. the invocation is nearly out of time). */
  shouldStop: () => boolean;
  publish: (events: Event[]) => Promise<readonly string[]>;
}

export interface RelayResult {
  published: number;
  /** Age of the oldest event still waiting after the run, 0 when the outbox is empty. */
  lagSeconds: number;
}

/**
 * Drains an outbox oldest first, one locked batch at a time. Stops when a batch publishes
 * nothing (empty outbox, or the bus is refusing): the next scheduled run tries again.
 */
export async function relayOutbox<Event extends { id: string }>(
  pool: pg.Pool,
  outbox: Outbox<Event>,
  options: RelayOptions<Event>,
): Promise<RelayResult> {
  let published = 0;
  while (!options.shouldStop()) {
    const marked = await publishPendingFrom(outbox, pool, {
      limit: options.batchSize,
      publish: options.publish,
    });
    published += marked;
    if (marked === 0) break;
  }
  return { published, lagSeconds: (await oldestUnpublishedAgeSeconds(pool, outbox)) ?? 0 };
}
