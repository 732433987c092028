import { dayRangeProblem, daysOf } from '../../core/calendar-days.ts';
import { ORDER_STATUS_LABELS, type OrderStatus } from '../../core/order-lifecycle.ts';
import type { DailyStats, StatusStats } from '../api/orders.ts';
import { formatDayShort } from '../ui/format.ts';
import type { Bar } from './BarChart.tsx';

/** The dashboard's SQL reads at most 366 days after the first (amplify/data/sql/order-stats-*.sql). */
export const MOST_DASHBOARD_DAYS = 367;

/** Why a range of calendar days (both included) cannot be shown, in words; null when it can. */
export const rangeProblem = (firstDay: string, lastDay: string) =>
  dayRangeProblem(firstDay, lastDay, MOST_DASHBOARD_DAYS);

/**
 * One bar per day of the range, days without orders as zero: a time axis with gaps left out would
 * put a quiet week next to a busy day as if they touched.
 */
export function dailyBars(
  rows: DailyStats[],
  range: { firstDay: string; lastDay: string },
  measure: (row: DailyStats) => number,
): Bar[] {
  const sums = new Map<string, number>();
  for (const row of rows) sums.set(row.day, (sums.get(row.day) ?? 0) + measure(row));
  return daysOf(range.firstDay, range.lastDay).map((day) => ({
    label: formatDayShort(day),
    value: sums.get(day) ?? 0,
  }));
}

/** One bar per status that has orders, in the lifecycle's order, labelled in words. */
export function statusBars(rows: StatusStats[], measure: (row: StatusStats) => number): Bar[] {
  const sums = new Map<string, number>();
  for (const row of rows) sums.set(row.status, (sums.get(row.status) ?? 0) + measure(row));
  return (Object.keys(ORDER_STATUS_LABELS) as OrderStatus[])
    .filter((status) => sums.has(status))
    .map((status) => ({ label: ORDER_STATUS_LABELS[status], value: sums.get(status) ?? 0 }));
}

export interface CurrencyFigures {
  currency: string;
  /** Revenue in minor units: every order but the cancelled ones. */
  revenue: number;
  /** Orders that count towards revenue. */
  orders: number;
  /** Revenue per counted order, in minor units, rounded; null without such orders. */
  averageOrderValue: number | null;
}

/** The figures above the charts: all orders, then revenue and average order value per currency. */
export function summaryFigures(byStatus: StatusStats[]): { orders: number; currencies: CurrencyFigures[] } {
  const perCurrency = new Map<string, { revenue: number; orders: number }>();
  let orders = 0;
  for (const row of byStatus) {
    orders += row.orderCount;
    const figures = perCurrency.get(row.currency) ?? { revenue: 0, orders: 0 };
    if (row.status !== 'CANCELLED') {
      figures.revenue += row.revenue;
      figures.orders += row.orderCount;
    }
    perCurrency.set(row.currency, figures);
  }
  return {
    orders,
    currencies: [...perCurrency]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, { revenue, orders: counted }]) => ({
        currency,
        revenue,
        orders: counted,
        averageOrderValue: counted ? Math.round(revenue / counted) : null,
      })),
  };
}

/**
 * Gridline values for a chart whose largest value is `max`: zero and a few round steps (1, 2 or 5
 * times a power of ten) up to at least `max`, so the axis reads at a glance.
 */
export function niceTicks(max: number, most = 4): number[] {
  if (max <= 0) return [0, 1];
  const rough = max / most;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= rough) ?? rough;
  // Counts and minor units are whole numbers: a step below one would label values nobody has.
  const wholeStep = Math.max(1, step);
  const ticks = [0];
  while ((ticks.at(-1) ?? 0) < max) ticks.push(ticks.length * wholeStep);
  return ticks;
}
