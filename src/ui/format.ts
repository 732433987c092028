import type { CurrencyCode } from '../../core/money.ts';
import { formatMoney } from '../../core/money-format.ts';

export function money(amountMinor: number, currency: string): string {
  return formatMoney(amountMinor, currency as CurrencyCode);
}

const dateTime = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });

export function formatDateTime(iso: string): string {
  return dateTime.format(new Date(iso));
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
