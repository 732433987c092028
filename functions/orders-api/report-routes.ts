import type { Router } from '@aws-lambda-powertools/event-handler/http';
import { pageSizeSchema, reportIdSchema, reportPeriodSchema } from '../../core/order-requests.ts';
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

  // The report email links to the SPA's /reports/<id>, which reads the one report here.
  app.get('/reports/:id', async (reqCtx) => {
    requireAdmin(callerFromEvent(reqCtx.event, config.appClientId));
    const reportId = parseNamed('id', reportIdSchema, reqCtx.params.id);
    const report = await getReport(await getPool(), reportId);
    if (!report) throw notFoundProblem('No such report');
    return jsonResponse(200, toView(report));
  });
}
