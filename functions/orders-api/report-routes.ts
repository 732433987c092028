import type { Router } from '@aws-lambda-powertools/event-handler/http';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { z } from 'zod';
import { pageSizeSchema, reportPeriodSchema } from '../../core/order-requests.ts';
import { parseInput } from '../../core/validation.ts';
import { getReport, listReports, type ReportRecord, requestReport } from '../../db/reports-repository.ts';
import { callerFromEvent, requireAdmin } from '../lib/caller.ts';
import { getPool } from '../lib/database.ts';
import { jsonResponse, parseNamed, readJsonBody } from '../lib/http.ts';
import { logger, tracer } from '../lib/observability.ts';
import { notFoundProblem, PROBLEM, ProblemError, RETRY_AFTER_SECONDS } from '../lib/problem.ts';
import type { ReportJob } from '../report/report-job.ts';

const lambda = tracer.captureAWSv3Client(new LambdaClient({}));
const s3 = tracer.captureAWSv3Client(new S3Client({}));

/** Download links live five minutes: long enough to start a download, too short to share. */
export const DOWNLOAD_URL_TTL_SECONDS = 300;

const reportIdSchema = z.uuid('Report id must be a UUID');

/** What admins see of a report: no bucket internals. */
function toView(report: ReportRecord) {
  const { objectKey: _objectKey, emailClaimedAt: _emailClaimedAt, ...view } = report;
  return view;
}

/** Starts the report function without waiting for it (an asynchronous invoke). */
async function startReportRun(reportId: string): Promise<void> {
  const functionName = process.env.REPORT_FUNCTION_NAME;
  if (!functionName) {
    logger.warn('REPORT_FUNCTION_NAME is not set: the report stays PENDING until the schedule runs');
    return;
  }
  const job: ReportJob = { reportId };
  try {
    await lambda.send(
      new InvokeCommand({
        FunctionName: functionName,
        InvocationType: 'Event',
        Payload: JSON.stringify(job),
      }),
    );
  } catch (error) {
    logger.warn('Could not start the report function', { error: (error as Error).message });
    throw new ProblemError(
      503,
      PROBLEM.unavailable,
      'Service unavailable',
      'The report could not be started; retry shortly',
      {},
      {
        'retry-after': String(RETRY_AFTER_SECONDS),
      },
    );
  }
}

export function registerReportRoutes(app: Router): void {
  app.post('/reports', async (reqCtx) => {
    const caller = requireAdmin(callerFromEvent(reqCtx.event));
    const period = parseInput(reportPeriodSchema, await readJsonBody(reqCtx));
    const report = await requestReport(await getPool(), { period, requestedBy: caller.sub, requeue: true });
    if (report.status !== 'RUNNING') await startReportRun(report.id);
    return jsonResponse(202, { id: report.id, status: report.status }, { location: `/reports/${report.id}` });
  });

  app.get('/reports', async (reqCtx) => {
    requireAdmin(callerFromEvent(reqCtx.event));
    const limit = parseNamed(
      'limit',
      pageSizeSchema,
      new URL(reqCtx.req.url).searchParams.get('limit') ?? undefined,
    );
    const reports = await listReports(await getPool(), { limit });
    return jsonResponse(200, { items: reports.map(toView) });
  });

  app.get('/reports/:id/download', async (reqCtx) => {
    requireAdmin(callerFromEvent(reqCtx.event));
    const reportId = parseNamed('id', reportIdSchema, reqCtx.params.id);
    const report = await getReport(await getPool(), reportId);
    if (!report) throw notFoundProblem('No such report');
    if (report.status !== 'READY' || !report.objectKey) {
      throw new ProblemError(
        409,
        PROBLEM.reportNotReady,
        'The report is not ready',
        `The report is ${report.status}`,
        {
          status: report.status,
        },
      );
    }
    const url = await getSignedUrl(
      s3,
      new GetObjectCommand({ Bucket: process.env.REPORT_BUCKET_NAME, Key: report.objectKey }),
      { expiresIn: DOWNLOAD_URL_TTL_SECONDS },
    );
    return jsonResponse(200, { url, expiresInSeconds: DOWNLOAD_URL_TTL_SECONDS });
  });
}
