import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

/**
 * One logger and one metrics instance per execution environment, shared by every handler module.
 * Service name and namespace come from POWERTOOLS_SERVICE_NAME and POWERTOOLS_METRICS_NAMESPACE.
 */
export const logger = new Logger();
export const metrics = new Metrics({ namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'SecureOrders' });

/** The business metrics the issue names, so every emitter spells them the same way. */
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
