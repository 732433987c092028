import type { ReportPeriod } from '../../core/order-requests.ts';

/** The calendar date of `instant` in `timeZone`, as YYYY-MM-DD. */
function dateIn(instant: Date, timeZone: string): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
}

function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The scheduled run reports on yesterday, as a calendar day in the report's time zone. */
export function yesterdayIn(timeZone: string, now: Date): ReportPeriod {
  const today = dateIn(now, timeZone);
  return { periodStart: addDays(today, -1), periodEnd: today };
}

/** Where a period's CSV lives: dated, so a listing of the prefix reads like a calendar. */
export function reportObjectKey(prefix: string, period: ReportPeriod): string {
  const [year, month, day] = period.periodStart.split('-');
  return `${prefix}${year}/${month}/${day}/orders_${period.periodStart}_${period.periodEnd}.csv`;
}
