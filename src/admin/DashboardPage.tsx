import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { loadOrderStats } from '../api/orders.ts';
import { statsKey } from '../api/query-keys.ts';
import { EmptyState, ErrorNotice, PageHeading, Skeleton } from '../ui/feedback.tsx';
import { formatDay, isoDay, money, moneyCompact } from '../ui/format.ts';
import { BarChart } from './BarChart.tsx';
import { dailyBars, rangeProblem, statusBars, summaryFigures } from './dashboard-figures.ts';

const count = (value: number) => value.toLocaleString();

export default function DashboardPage({ loadStats = loadOrderStats }: { loadStats?: typeof loadOrderStats }) {
  // Both days included, as the SQL queries read them (UTC days).
  const [range, setRange] = useState({ firstDay: isoDay(-29), lastDay: isoDay(0) });
  const stats = useQuery({
    queryKey: statsKey(range.firstDay, range.lastDay),
    queryFn: () => loadStats(range.firstDay, range.lastDay),
  });
  const [rangeError, setRangeError] = useState<string | null>(null);

  const apply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const firstDay = String(form.get('firstDay') ?? '');
    const lastDay = String(form.get('lastDay') ?? '');
    const problem = rangeProblem(firstDay, lastDay);
    setRangeError(problem);
    if (!problem) setRange({ firstDay, lastDay });
  };

  const figures = stats.data ? summaryFigures(stats.data.byStatus) : null;
  const currencies = figures?.currencies.map((figure) => figure.currency) ?? [];
  return (
    <>
      <PageHeading>Dashboard</PageHeading>
      <form className="filters" onSubmit={apply} aria-label="Date range" noValidate>
        <label className="field">
          <span>First day</span>
          <input type="date" name="firstDay" defaultValue={range.firstDay} required />
        </label>
        <label className="field">
          <span>Last day</span>
          <input type="date" name="lastDay" defaultValue={range.lastDay} required />
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
      <p className="muted">
        {formatDay(range.firstDay)} to {formatDay(range.lastDay)}, both included (UTC days).
      </p>
      {stats.isPending ? (
        <Skeleton label="Loading statistics" rows={6} />
      ) : stats.isError ? (
        <ErrorNotice error={stats.error} onRetry={() => stats.refetch()} title="Could not load statistics" />
      ) : !figures?.orders ? (
        <EmptyState title="No orders in this range.">
          <p>Choose other days above, or wait for customers to order.</p>
        </EmptyState>
      ) : (
        <>
          <dl className="summary-figures" aria-label="Summary">
            <div>
              <dt>Orders</dt>
              <dd>{count(figures.orders)}</dd>
            </div>
            {figures.currencies.map((figure) => (
              <div key={figure.currency}>
                <dt>Revenue ({figure.currency})</dt>
                <dd>{money(figure.revenue, figure.currency)}</dd>
                <dd className="muted">
                  {figure.averageOrderValue === null
                    ? 'No paid orders'
                    : `Average order ${money(figure.averageOrderValue, figure.currency)}`}
                </dd>
              </div>
            ))}
          </dl>
          <div className="charts">
            <BarChart
              title="Orders by day"
              bars={dailyBars(stats.data.byDay, range, (row) => row.orderCount)}
              format={count}
            />
            <BarChart
              title="Orders by status"
              bars={statusBars(stats.data.byStatus, (row) => row.orderCount)}
              format={count}
            />
            {currencies.map((currency) => (
              <BarChart
                key={`day-${currency}`}
                title={`Revenue by day (${currency})`}
                bars={dailyBars(
                  stats.data.byDay.filter((row) => row.currency === currency),
                  range,
                  (row) => row.revenue,
                )}
                format={(value) => money(value, currency)}
                formatTick={(value) => moneyCompact(value, currency)}
              />
            ))}
            {currencies.map((currency) => (
              <BarChart
                key={`status-${currency}`}
                title={`Value by status (${currency})`}
                bars={statusBars(
                  stats.data.byStatus.filter((row) => row.currency === currency),
                  (row) => row.revenue,
                )}
                format={(value) => money(value, currency)}
                formatTick={(value) => moneyCompact(value, currency)}
              />
            ))}
          </div>
        </>
      )}
    </>
  );
}
