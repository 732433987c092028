import type { Router } from '@aws-lambda-powertools/event-handler/http';
// A namespace import lets esbuild drop the parts of zod we do not use (`import { z }` keeps all of it).
import * as z from 'zod';
import { pageSizeSchema, reportPeriodSchema } from '../../core/order-requests.ts';
import { PROBLEM_TYPE } from '../../core/problem-types.ts';
import { parseInput } from '../../core/validation.ts';
import { getReport, listReports, type ReportRecord, requestReport } from '../../db/reports-repository.ts';
import { callerFromEvent, requireAdmin } from '../lib/caller.ts';
import { getPool } from '../lib/database.ts';
import { publishReportRequest } from '../lib/event-bus.ts';
import { jsonResponse, parseNamed, readJsonBody } from '../lib/http.ts';
import { logger } from '../lib/observability.ts';
import { notFoundProblem, ProblemError, RETRY_AFTER_SECONDS } from '../lib/problem.ts';
import { config } from './config.ts';

/** Download links live five minutes: long enough to start a download, too short to share. */
export const DOWNLOAD_URL_TTL_SECONDS = 300;

type SignDownload = (bucket: string | undefined, key: string) => Promise<string>;
let downloadSigner: Promise<SignDownload> | undefined;

/**
 * The S3 client and presigner, loaded on the first download link: they are the largest part of
 * the bundle after the database driver, and a cold start that creates or lists orders never needs
 * them. A failed load is forgotten, so the next request tries again.
 */
function signDownload(bucket: string | undefined, key: string): Promise<string> {
  downloadSigner ??= Promise.all([
    import('@aws-sdk/client-s3'),
    import('@aws-sdk/s3-request-presigner'),
  ]).then(
    ([{ GetObjectCommand, S3Client }, { getSignedUrl }]) => {
      const s3 = new S3Client({});
      return (bucket, key) =>
        getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: key }), {
          expiresIn: DOWNLOAD_URL_TTL_SECONDS,
        });
    },
    (error: unknown) => {
      downloadSigner = undefined;
      throw error;
    },
  );
  return downloadSigner.then((sign) => sign(bucket, key));
}

const reportIdSchema = z.uuid('Report id must be a UUID');

/** What admins see of a report: no bucket internals. */
function toView(report: ReportRecord) {
  const { objectKey: _objectKey, emailClaimedAt: _emailClaimedAt, ...view } = report;
  return view;
}

/** Starts the report function through the bus; a refusal is a 503 the admin can retry. */
async function startReportRun(reportId: string): Promise<void> {
  try {
    await publishReportRequest({ reportId }, config.reportRequests);
  } catch (error) {
    logger.warn('Could not request the report run', { error: (error as Error).message });
    throw new ProblemError(
      503,
      PROBLEM_TYPE.unavailable,
      'Service unavailable',
      'The report could not be started; retry shortly',
      {},
      { 'retry-after': String(RETRY_AFTER_SECONDS) },
    );
  }
}

export function registerReportRoutes(app: Router): void {
  app.post('/reports', async (reqCtx) => {
    const caller = requireAdmin(callerFromEvent(reqCtx.event, config.appClientId));
    const period = parseInput(reportPeriodSchema, await readJsonBody(reqCtx));
    const report = await requestReport(await getPool(), { period, requestedBy: caller.sub, requeue: true });
    if (report.status !== 'RUNNING') await startReportRun(report.id);
    return jsonResponse(202, { id: report.id, status: report.status }, { location: `/reports/${report.id}` });
  });

  app.get('/reports', async (reqCtx) => {
    requireAdmin(callerFromEvent(reqCtx.event, config.appClientId));
    const query = new URL(reqCtx.req.url).searchParams;
    const limit = parseNamed('limit', pageSizeSchema, query.get('limit') ?? undefined);
    const page = await listReports(await getPool(), { limit, cursor: query.get('cursor') });
    return jsonResponse(200, { items: page.items.map(toView), nextCursor: page.nextCursor });
  });

  app.get('/reports/:id/download', async (reqCtx) => {
    requireAdmin(callerFromEvent(reqCtx.event, config.appClientId));
    const reportId = parseNamed('id', reportIdSchema, reqCtx.params.id);
    const report = await getReport(await getPool(), reportId);
    if (!report) throw notFoundProblem('No such report');
    if (report.status !== 'READY' || !report.objectKey) {
      throw new ProblemError(
        409,
        PROBLEM_TYPE.reportNotReady,
        'The report is not ready',
        `The report is ${report.status}`,
        {
          status: report.status,
        },
      );
    }
    const url = await signDownload(config.reportBucket, report.objectKey);
    return jsonResponse(200, { url, expiresInSeconds: DOWNLOAD_URL_TTL_SECONDS });
  });
}
