import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link } from 'wouter';
import { addDays, dayRangeProblem, describePeriod } from '../../core/calendar-days.ts';
import { MAX_REPORT_DAYS } from '../../core/order-requests.ts';
import { listReports, requestReport } from '../api/commands.ts';
import { reportsKey } from '../api/query-keys.ts';
import {
  EmptyState,
  ErrorNotice,
  PageHeading,
  Skeleton,
  StatusBadge,
  TableScroller,
} from '../ui/feedback.tsx';
import { formatDateTime, isoDay } from '../ui/format.ts';
import { IN_PROGRESS, useReportDownload } from './reports.ts';

export default function ReportsPage() {
  const queryClient = useQueryClient();
  const reports = useInfiniteQuery({
    queryKey: reportsKey,
    queryFn: ({ pageParam }) => listReports(pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    // While a report is being made, watch it finish.
    refetchInterval: (query) =>
      query.state.data?.pages.some((page) => page.items.some((report) => IN_PROGRESS.has(report.status)))
        ? 1000
        : false,
  });
  const rows = reports.data?.pages.flatMap((page) => page.items) ?? [];
  const [periodError, setPeriodError] = useState<string | null>(null);
  const generate = useMutation({
    mutationFn: requestReport,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: reportsKey }),
  });
  const download = useReportDownload();

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const firstDay = String(form.get('firstDay') ?? '');
    const lastDay = String(form.get('lastDay') ?? '');
    // Both days included, as on the dashboard; the API's period ends on the day after.
    const problem = dayRangeProblem(firstDay, lastDay, MAX_REPORT_DAYS);
    setPeriodError(problem);
    if (!problem) generate.mutate({ periodStart: firstDay, periodEnd: addDays(lastDay, 1) });
  };
  const running = rows.filter((report) => IN_PROGRESS.has(report.status));

  return (
    <>
      <PageHeading>Reports</PageHeading>
      <form className="filters card" onSubmit={submit} aria-labelledby="generate-heading">
        <h2 id="generate-heading">Generate a report now</h2>
        <label className="field">
          <span>First day</span>
          <input type="date" name="firstDay" defaultValue={isoDay(-7)} required />
        </label>
        <label className="field">
          <span>Last day</span>
          <input type="date" name="lastDay" defaultValue={isoDay(0)} required />
        </label>
        <button type="submit" className="button-primary" disabled={generate.isPending}>
          Generate report
        </button>
        {periodError && (
          <p className="field-error" role="alert">
            {periodError}
          </p>
        )}
        {generate.isError && <ErrorNotice error={generate.error} title="The report was not started" />}
      </form>
      <div role="status" className="progress-line">
        {running.length > 0 && (
          <>
            <progress aria-label="Report in progress" />
            <span>
              Making {running.length === 1 ? 'a report' : `${running.length} reports`}… it appears below and
              is emailed when ready.
            </span>
          </>
        )}
      </div>
      {download.isError && <ErrorNotice error={download.error} title="Could not download the report" />}
      {reports.isPending ? (
        <Skeleton label="Loading reports" rows={4} />
      ) : reports.isError ? (
        <ErrorNotice error={reports.error} onRetry={() => reports.refetch()} title="Could not load reports" />
      ) : rows.length === 0 ? (
        <EmptyState title="No reports yet." />
      ) : (
        <TableScroller label="Reports">
          <table>
            <caption className="visually-hidden">Reports, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Period</th>
                <th scope="col">Status</th>
                <th scope="col" className="numeric">
                  Orders
                </th>
                <th scope="col">Requested</th>
                <th scope="col">
                  <span className="visually-hidden">Download</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((report) => (
                <tr key={report.id}>
                  <th scope="row">
                    <Link href={`/reports/${report.id}`}>{describePeriod(report)}</Link>
                  </th>
                  <td>
                    <StatusBadge status={report.status} />
                  </td>
                  <td className="numeric">{report.rowCount ?? '—'}</td>
                  <td>{formatDateTime(report.createdAt)}</td>
                  <td>
                    {report.status === 'READY' && (
                      <button
                        type="button"
                        onClick={() => download.mutate(report.id)}
                        disabled={download.isPending}
                        aria-label={`Download the report for ${describePeriod(report)}`}
                      >
                        Download CSV
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroller>
      )}
      {reports.hasNextPage && (
        <p className="pager">
          <button type="button" onClick={() => reports.fetchNextPage()} disabled={reports.isFetchingNextPage}>
            {reports.isFetchingNextPage ? 'Loading older reports…' : 'Show older reports'}
          </button>
        </p>
      )}
    </>
  );
}
