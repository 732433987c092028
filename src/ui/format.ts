import type { CurrencyCode } from '../../core/money.ts';
import { formatMoney, minorUnitDigits } from '../../core/money-format.ts';

export function money(amountMinor: number, currency: string): string {
  return formatMoney(amountMinor, currency as CurrencyCode);
}

/** An amount in a chart's axis: short ("$1.2K"), in the reader's locale. */
export function moneyCompact(amountMinor: number, currency: string): string {
  const code = currency as CurrencyCode;
  return new Intl.NumberFormat(undefined, { style: 'currency', currency: code, notation: 'compact' }).format(
    amountMinor / 10 ** minorUnitDigits(code),
  );
}

// One date style across the app, in the reader's own locale (the browser's language settings).
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
// Calendar days (YYYY-MM-DD) are UTC days on the server; read in UTC so no day shifts by a zone.
const calendarDay = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
const calendarDayShort = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  timeZone: 'UTC',
});

export function formatDateTime(iso: string): string {
  return dateTime.format(new Date(iso));
}

/** A calendar day (YYYY-MM-DD) in the reader's date style, e.g. "Nov 3, 2026". */
export function formatDay(isoDay: string): string {
  return calendarDay.format(new Date(`${isoDay}T00:00:00Z`));
}

/** A calendar day for a chart's axis, e.g. "Nov 3". */
export function formatDayShort(isoDay: string): string {
  return calendarDayShort.format(new Date(`${isoDay}T00:00:00Z`));
}

/**
 * A short, readable order reference: the UUID's last block, which is random in every id, whereas the
 * seeded orders' time-ordered ids share their first blocks.
 */
export function orderRef(orderId: string): string {
  return `#${orderId.slice(-8)}`;
}

/** YYYY-MM-DD in UTC, `days` from today. */
export function isoDay(days = 0): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether an address's id can name a record at all: anything else is "not found" without asking. */
export function isUuid(id: string): boolean {
  return UUID.test(id);
}
