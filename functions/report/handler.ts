import { getPool } from '../lib/database.ts';
import { logger, observedHandler } from '../lib/observability.ts';
import { type ReportOutcome, reportConfigFromEnv, runReport } from './run-report.ts';

const config = reportConfigFromEnv();

/**
 * The report function: run daily by the schedule (yesterday's report) or asynchronously by the
 * orders API with `{ reportId }`. Failures throw, so Lambda's retries for asynchronous
 * invocations run it again; the run is idempotent.
 */
export const handler = observedHandler(async (event: unknown): Promise<{ outcome: ReportOutcome }> => {
  const pool = await getPool({ statementTimeoutMs: 120_000 });
  const outcome = await runReport(pool, event, config);
  logger.info('Report run finished', { outcome });
  return { outcome };
});
