import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

/**
 * One logger, tracer and metrics instance per execution environment, shared by every handler
 * module. Service name and namespace come from POWERTOOLS_SERVICE_NAME and
 * POWERTOOLS_METRICS_NAMESPACE; tracing switches itself off outside Lambda.
 */
export const logger = new Logger();
export const tracer = new Tracer();
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
