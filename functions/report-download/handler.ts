import '../../core/zod-messages.ts';
import { Router } from '@aws-lambda-powertools/event-handler/http';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { reportIdSchema } from '../../core/order-requests.ts';
import { PROBLEM_TYPE } from '../../core/problem-types.ts';
import { getReport } from '../../db/reports-repository.ts';
import { callerFromEvent, requireAdmin } from '../lib/caller.ts';
import { getPool } from '../lib/database.ts';
import { apiHandler, jsonResponse, limitBodySize, parseNamed } from '../lib/http.ts';
import { logger } from '../lib/observability.ts';
import { notFoundProblem, ProblemError } from '../lib/problem.ts';
import { config } from './config.ts';

/**
 * `GET /reports/{id}/download`: a presigned link to a ready report's CSV. A function of its own so
 * that the S3 client and presigner, the largest part of what it loads, are in no other bundle (the
 * orders API's cold start never pays for them), and so that only this role may read report objects.
 */

/** Download links live five minutes: long enough to start a download, too short to share. */
export const DOWNLOAD_URL_TTL_SECONDS = 300;

const s3 = new S3Client({});

const app = new Router({ logger });
app.use(limitBodySize);
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
      { status: report.status },
    );
  }
  const url = await getSignedUrl(
    s3,
    new GetObjectCommand({ Bucket: config.reportBucket, Key: report.objectKey }),
    { expiresIn: DOWNLOAD_URL_TTL_SECONDS },
  );
  return jsonResponse(200, { url, expiresInSeconds: DOWNLOAD_URL_TTL_SECONDS });
});

export const handler = apiHandler(app);
