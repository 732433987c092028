import type { Context } from 'aws-lambda';
import { CATALOGUE_OUTBOX, ORDER_OUTBOX } from '../../db/outbox.ts';
import { readConfig, required } from '../lib/config.ts';
import { getPool } from '../lib/database.ts';
import { publishCatalogueEvents, publishOrderEvents } from '../lib/event-bus.ts';
import { logger, METRIC, MetricUnit, metrics, observedHandler } from '../lib/observability.ts';
import { type RelayResult, relayOutbox } from './relay.ts';

const { ORDER_EVENT_BUS_NAME: orderEventBus } = readConfig('outbox-relay', {
  ORDER_EVENT_BUS_NAME: required,
});

/** Leave this much of the invocation for the last batch and the metric. */
const SAFETY_MARGIN_MS = 10_000;
const BATCH_SIZE = 100;

/**
 * The scheduled outbox relay: publishes whatever (order or catalogue event) the API could not publish after commit, oldest
 * first, and reports the outbox lag. Safe to run concurrently: batches are taken with
 * FOR UPDATE SKIP LOCKED.
 */
export const handler = observedHandler(async (_event: unknown, context: Context): Promise<RelayResult> => {
  const pool = await getPool();
  const shouldStop = () => context.getRemainingTimeInMillis() < SAFETY_MARGIN_MS;
  const orders = await relayOutbox(pool, ORDER_OUTBOX, {
    batchSize: BATCH_SIZE,
    shouldStop,
    publish: (events) => publishOrderEvents(events, orderEventBus),
  });
  const catalogue = await relayOutbox(pool, CATALOGUE_OUTBOX, {
    batchSize: BATCH_SIZE,
    shouldStop,
    publish: (events) => publishCatalogueEvents(events, orderEventBus),
  });
  const result: RelayResult = {
    published: orders.published + catalogue.published,
    lagSeconds: Math.max(orders.lagSeconds, catalogue.lagSeconds),
  };
  metrics.addMetric(METRIC.outboxPublished, MetricUnit.Count, result.published);
  metrics.addMetric(METRIC.outboxLag, MetricUnit.Seconds, result.lagSeconds);
  logger.info('Outbox relayed', { ...result });
  return result;
});
