import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { describePeriod } from '../../core/calendar-days.ts';
import { getReport } from '../api/commands.ts';
import { ApiProblem } from '../api/problem.ts';
import { reportsKey } from '../api/query-keys.ts';
import { EmptyState, ErrorNotice, PageHeading, Skeleton, StatusBadge } from '../ui/feedback.tsx';
import { formatDateTime, isUuid } from '../ui/format.ts';
import { IN_PROGRESS, useReportDownload } from './reports.ts';

/** One report, as the report email's "Open the report" link opens it. */
export default function ReportPage({ reportId }: { reportId: string }) {
  const valid = isUuid(reportId);
  const report = useQuery({
    queryKey: [...reportsKey, reportId],
    queryFn: () => getReport(reportId),
    enabled: valid,
    // A report still being made is watched until it is ready.
    refetchInterval: (query) => (query.state.data && IN_PROGRESS.has(query.state.data.status) ? 1000 : false),
  });
  const download = useReportDownload();
  const missing = !valid || (report.error instanceof ApiProblem && report.error.status === 404);
  const backToReports = (
    <p>
      <Link href="/admin/reports">Back to reports</Link>
    </p>
  );

  if (missing)
    return (
      <>
        <PageHeading>Report not found</PageHeading>
        <EmptyState title="There is no report at this address.">{backToReports}</EmptyState>
      </>
    );
  if (report.isPending) return <Skeleton label="Loading the report" rows={4} />;
  if (report.isError)
    return (
      <ErrorNotice error={report.error} onRetry={() => report.refetch()} title="Could not load the report" />
    );
  const { periodStart, periodEnd, status, rowCount, createdAt, completedAt } = report.data;
  return (
    <article>
      <PageHeading>Report for {describePeriod({ periodStart, periodEnd })}</PageHeading>
      <dl className="facts">
        <div>
          <dt>Status</dt>
          <dd>
            <StatusBadge status={status} />
          </dd>
        </div>
        <div>
          <dt>Orders</dt>
          <dd>{rowCount === null ? '—' : `${rowCount} ${rowCount === 1 ? 'order' : 'orders'}`}</dd>
        </div>
        <div>
          <dt>Requested</dt>
          <dd>{formatDateTime(createdAt)}</dd>
        </div>
        {completedAt && (
          <div>
            <dt>Finished</dt>
            <dd>{formatDateTime(completedAt)}</dd>
          </div>
        )}
      </dl>
      {status === 'READY' && (
        <p>
          <button
            type="button"
            className="button-primary"
            onClick={() => download.mutate(reportId)}
            disabled={download.isPending}
          >
            Download CSV
          </button>
        </p>
      )}
      {download.isError && <ErrorNotice error={download.error} title="Could not download the report" />}
      {backToReports}
    </article>
  );
}
