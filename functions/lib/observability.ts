import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';

/**
 * One logger and one metrics instance per execution environment, shared by every handler module.
 * Service name and namespace come from POWERTOOLS_SERVICE_NAME and POWERTOOLS_METRICS_NAMESPACE.
 */
export const logger = new Logger();
export const metrics = new Metrics({ namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'SecureOrders' });

/** The business metrics (functions/README.md), so every emitter spells them the same way. */
export const METRIC = {
  ordersCreated: 'OrdersCreated',
  transitionsRejected: 'TransitionsRejected',
  outboxLag: 'OutboxLagSeconds',
  outboxPublished: 'OutboxEventsPublished',
  reportRows: 'ReportRows',
} as const;

/** Flushes this invocation's metrics; an invocation that recorded none writes nothing. */
export function flushMetrics(): void {
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
}

export { MetricUnit };

/**
 * Every function's entry: the Lambda context on each log line and this invocation's metrics
 * flushed when it ends, however it ends. What Powertools' `injectLambdaContext` and `logMetrics`
 * middlewares do, without adding middy to every bundle for two lines.
 */
export function observedHandler<Event, Result>(
  handler: (event: Event, context: Context) => Promise<Result>,
): (event: Event, context: Context) => Promise<Result> {
  return async (event, context) => {
    logger.addContext(context);
    try {
      return await handler(event, context);
    } finally {
      flushMetrics();
    }
  };
}
