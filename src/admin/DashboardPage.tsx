import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { type DailyStats, loadOrderStats, type StatusStats } from '../api/orders.ts';
import { statsKey } from '../api/query-keys.ts';
import { EmptyState, ErrorNotice, PageHeading, Skeleton } from '../ui/feedback.tsx';
import { isoDay, money } from '../ui/format.ts';
import { type Bar, BarChart } from './BarChart.tsx';

const count = (value: number) => String(value);

/** Sums rows by a key (a day or a status), for one currency's revenue or for counts across all. */
function totals<T extends DailyStats | StatusStats>(
  rows: T[],
  keyOf: (row: T) => string,
  amountOf: (row: T) => number,
) {
  const sums = new Map<string, number>();
  for (const row of rows) sums.set(keyOf(row), (sums.get(keyOf(row)) ?? 0) + amountOf(row));
  return [...sums].map(([label, value]): Bar => ({ label, value }));
}

export default function DashboardPage() {
  // Both days included, as the SQL queries read them (UTC days).
  const [range, setRange] = useState({ startDate: isoDay(-29), endDate: isoDay(0) });
  const stats = useQuery({
    queryKey: statsKey(range.startDate, range.endDate),
    queryFn: () => loadOrderStats(range.startDate, range.endDate),
  });
  const [rangeError, setRangeError] = useState<string | null>(null);

  const apply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const startDate = String(form.get('startDate'));
    const endDate = String(form.get('endDate'));
    if (!startDate || !endDate || endDate < startDate) {
      setRangeError('The last day must not be before the first.');
      return;
    }
    setRangeError(null);
    setRange({ startDate, endDate });
  };

  const currencies = [...new Set(stats.data?.byDay.map((row) => row.currency) ?? [])].sort();
  return (
    <>
      <PageHeading>Dashboard</PageHeading>
      <form className="filters" onSubmit={apply} aria-label="Date range">
        <label className="field">
          <span>First day</span>
          <input type="date" name="startDate" defaultValue={range.startDate} required />
        </label>
        <label className="field">
          <span>Last day</span>
          <input type="date" name="endDate" defaultValue={range.endDate} required />
        </label>
        <button type="submit" className="button-primary">
          Show
        </button>
        {rangeError && (
          <p className="field-error" role="alert">
            {rangeError}
          </p>
        )}
      </form>
      {stats.isPending ? (
        <Skeleton label="Loading statistics" rows={6} />
      ) : stats.isError ? (
        <ErrorNotice error={stats.error} onRetry={() => stats.refetch()} title="Could not load statistics" />
      ) : stats.data.byDay.length === 0 && stats.data.byStatus.length === 0 ? (
        <EmptyState title="No orders in this range." />
      ) : (
        <div className="charts">
          <BarChart
            title="Orders by day"
            bars={totals(
              stats.data.byDay,
              (row) => row.day.slice(5),
              (row) => row.orderCount,
            )}
            format={count}
          />
          <BarChart
            title="Orders by status"
            bars={totals(
              stats.data.byStatus,
              (row) => row.status,
              (row) => row.orderCount,
            )}
            format={count}
          />
          {currencies.map((currency) => (
            <BarChart
              key={`day-${currency}`}
              title={`Revenue by day (${currency})`}
              bars={totals(
                stats.data.byDay.filter((row) => row.currency === currency),
                (row) => row.day.slice(5),
                (row) => row.revenue,
              )}
              format={(value) => money(value, currency)}
            />
          ))}
          {currencies.map((currency) => (
            <BarChart
              key={`status-${currency}`}
              title={`Revenue by status (${currency})`}
              bars={totals(
                stats.data.byStatus.filter((row) => row.currency === currency),
                (row) => row.status,
                (row) => row.revenue,
              )}
              format={(value) => money(value, currency)}
            />
          ))}
        </div>
      )}
    </>
  );
}
