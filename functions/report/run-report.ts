import { S3Client } from '@aws-sdk/client-s3';
import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import type pg from 'pg';
// A namespace import lets esbuild drop the parts of zod we do not use (`import { z }` keeps all of it).
import * as z from 'zod';
import { isReportJob } from '../../core/report-job.ts';
import { reportCsvStream, reportSummary } from '../../db/report-queries.ts';
import {
  claimReportEmail,
  completeReport,
  failReport,
  getReport,
  markReportEmailed,
  markReportRunning,
  type ReportRecord,
  requestReport,
  tryLockReport,
  unlockReport,
} from '../../db/reports-repository.ts';
import { withConnection } from '../../db/transaction.ts';
import { readConfig, required } from '../lib/config.ts';
import { logger, METRIC, MetricUnit, metrics } from '../lib/observability.ts';
import { uploadReportCsv } from './report-csv.ts';
import { renderReportEmail } from './report-email.ts';
import { reportObjectKey, yesterdayIn } from './report-job.ts';

const s3 = new S3Client({});
const ses = new SESClient({});

export interface ReportConfig {
  bucket: string;
  prefix: string;
  fromAddress: string;
  recipients: string[];
  appUrl: string;
  timeZone: string;
}

/** The report function's configuration, from its environment (see readConfig). */
export function reportConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ReportConfig {
  const config = readConfig(
    'report',
    {
      REPORT_BUCKET_NAME: required,
      REPORT_PREFIX: z.string().default('reports/'),
      REPORT_FROM_ADDRESS: required,
      REPORT_RECIPIENTS: z.string().default(''),
      APP_URL: required,
      REPORT_TIMEZONE: z.string().default('UTC'),
    },
    env,
  );
  return {
    bucket: config.REPORT_BUCKET_NAME,
    prefix: config.REPORT_PREFIX,
    fromAddress: config.REPORT_FROM_ADDRESS,
    recipients: config.REPORT_RECIPIENTS.split(',')
      .map((address) => address.trim())
      .filter(Boolean),
    appUrl: config.APP_URL,
    timeZone: config.REPORT_TIMEZONE,
  };
}

export type ReportOutcome = 'generated-and-emailed' | 'already-done' | 'busy' | 'missing';

/** Which report an event asks for: an admin's request names it, the schedule means yesterday. */
async function reportFor(
  pool: pg.Pool,
  event: unknown,
  config: ReportConfig,
  now: Date,
): Promise<ReportRecord | null> {
  if (isReportJob(event)) return getReport(pool, event.reportId);
  const period = yesterdayIn(config.timeZone, now);
  return requestReport(pool, { period, requestedBy: 'scheduler', requeue: false });
}

/**
 * Aggregates in SQL and copies the rows to a CSV object at the same time, then records the
 * result. The aggregate runs on a second connection so that it overlaps the stream; each is one
 * consistent statement-level snapshot, and PostgreSQL writes the CSV itself (COPY).
 */
async function generate(
  pool: pg.Pool,
  client: pg.PoolClient,
  report: ReportRecord,
  config: ReportConfig,
): Promise<ReportRecord> {
  const scope = { periodStart: report.periodStart, periodEnd: report.periodEnd, timeZone: config.timeZone };
  const objectKey = reportObjectKey(config.prefix, report);
  await markReportRunning(client, report.id);
  const csv = reportCsvStream(client, scope);
  const [summary] = await Promise.all([
    reportSummary(pool, scope),
    uploadReportCsv({ s3, bucket: config.bucket, key: objectKey, csv }),
  ]);
  const rowCount = csv.rowCount;
  metrics.addMetric(METRIC.reportRows, MetricUnit.Count, rowCount);
  return completeReport(client, { reportId: report.id, objectKey, rowCount, summary });
}

async function emailOnce(client: pg.PoolClient, report: ReportRecord, config: ReportConfig): Promise<void> {
  if (config.recipients.length === 0) {
    logger.warn('REPORT_RECIPIENTS is empty: no report email sent', { reportId: report.id });
    return;
  }
  if (!report.summary || !(await claimReportEmail(client, report.id))) return;
  if (report.emailClaimedAt) {
    // The one way to mail twice: a run that died between SES accepting and us recording it.
    logger.warn('An earlier run claimed this email but did not record sending it: sending again', {
      reportId: report.id,
    });
  }
  const email = renderReportEmail({
    reportId: report.id,
    period: report,
    summary: report.summary,
    appUrl: config.appUrl,
  });
  await ses.send(
    new SendEmailCommand({
      Source: config.fromAddress,
      Destination: { ToAddresses: config.recipients },
      Message: {
        Subject: { Data: email.subject, Charset: 'UTF-8' },
        Body: { Text: { Data: email.text, Charset: 'UTF-8' }, Html: { Data: email.html, Charset: 'UTF-8' } },
      },
    }),
  );
  await markReportEmailed(client, report.id);
}

/**
 * One report run. The report's advisory lock makes concurrent runs of one period collapse into
 * one (the others return 'busy'); a retry after a failure regenerates the same dated object; the
 * email is claimed in the database so each period is mailed once. A connection that failed mid-run
 * may still hold the lock, so withConnection destroys it rather than reuse it.
 */
export async function runReport(
  pool: pg.Pool,
  event: unknown,
  config: ReportConfig,
  now = new Date(),
): Promise<ReportOutcome> {
  const requested = await reportFor(pool, event, config, now);
  if (!requested) return 'missing';
  return withConnection(pool, async (client) => {
    if (!(await tryLockReport(client, requested.id))) return 'busy';
    try {
      return await runLocked(pool, client, requested.id, config);
    } finally {
      await unlockReport(client, requested.id);
    }
  });
}

/** The run itself, under the report's lock; a failure marks the report FAILED and is rethrown. */
async function runLocked(
  pool: pg.Pool,
  client: pg.PoolClient,
  reportId: string,
  config: ReportConfig,
): Promise<ReportOutcome> {
  try {
    const current = await getReport(client, reportId);
    if (!current) return 'missing';
    if (current.status === 'READY' && current.emailedAt) return 'already-done';
    const ready = current.status === 'READY' ? current : await generate(pool, client, current, config);
    await emailOnce(client, ready, config);
    return 'generated-and-emailed';
  } catch (error) {
    await failReport(client, reportId).catch(() => undefined);
    throw error;
  }
}
