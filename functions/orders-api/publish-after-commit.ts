import type { OrderEventRecord } from '../../db/order-rows.ts';
import { CATALOGUE_OUTBOX, markPublished, unpublishedCatalogueEvents } from '../../db/outbox.ts';
import { getPool } from '../lib/database.ts';
import { publishCatalogueEvents, publishOrderEvents } from '../lib/event-bus.ts';
import { logger } from '../lib/observability.ts';
import { config } from './config.ts';

/**
 * After commit: publish the events a request wrote and mark them. Anything that fails here stays
 * in the outbox for the relay, so the response never waits on, or fails because of, it.
 */
async function publishQuietly(publish: () => Promise<void>): Promise<void> {
  try {
    await publish();
  } catch (error) {
    logger.warn('Publishing events after commit failed: the relay will send them', {
      error: (error as Error).message,
    });
  }
}

export function publishAfterCommit(events: OrderEventRecord[]): Promise<void> {
  if (events.length === 0) return Promise.resolve();
  return publishQuietly(async () => {
    const published = await publishOrderEvents(events, config.orderEventBus);
    await markPublished(await getPool(), published);
  });
}

/** The catalogue events (written by the database's triggers) of the products a request touched. */
export function publishCatalogueAfterCommit(productIds: readonly string[]): Promise<void> {
  return publishQuietly(async () => {
    const pool = await getPool();
    const events = await unpublishedCatalogueEvents(pool, productIds);
    if (events.length === 0) return;
    await markPublished(pool, await publishCatalogueEvents(events, config.orderEventBus), CATALOGUE_OUTBOX);
  });
}
