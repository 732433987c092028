/**
 * Calendar days (YYYY-MM-DD, UTC days) as people choose and read them: a first and a last day, both
 * included. The API's report period ends on the first day *after* it (half-open, which the SQL
 * wants); the pages and the email convert at the edge, so nobody has to know that.
 */
const DAY_MS = 86_400_000;

const dayNumber = (isoDay: string) => Date.parse(`${isoDay}T00:00:00Z`) / DAY_MS;
const isoDayOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

export function addDays(isoDay: string, days: number): string {
  return isoDayOf(dayNumber(isoDay) + days);
}

/** Every day from first to last, both included. */
export function daysOf(firstDay: string, lastDay: string): string[] {
  const days: string[] = [];
  for (let day = dayNumber(firstDay); day <= dayNumber(lastDay); day += 1) days.push(isoDayOf(day));
  return days;
}

/** Why first..last cannot be chosen, in words (at most `mostDays` days); null when it can. */
export function dayRangeProblem(firstDay: string, lastDay: string, mostDays: number): string | null {
  if (!firstDay || !lastDay) return 'Choose a first and a last day.';
  if (Number.isNaN(dayNumber(firstDay)) || Number.isNaN(dayNumber(lastDay))) return 'Enter dates as days.';
  if (lastDay < firstDay) return 'The last day must be on or after the first day.';
  if (dayNumber(lastDay) - dayNumber(firstDay) + 1 > mostDays) return `Choose at most ${mostDays} days.`;
  return null;
}

/** "May 1, 2026", or "May 1, 2026 to May 31, 2026", in the locale given (the reader's by default). */
export function describeDays(firstDay: string, lastDay: string, locale?: string): string {
  const format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const first = format.format(new Date(`${firstDay}T00:00:00Z`));
  const last = format.format(new Date(`${lastDay}T00:00:00Z`));
  return first === last ? first : `${first} to ${last}`;
}

/** A report's period (its end the day after) as its first and last day. */
export function describePeriod(period: { periodStart: string; periodEnd: string }, locale?: string): string {
  return describeDays(period.periodStart, addDays(period.periodEnd, -1), locale);
}
