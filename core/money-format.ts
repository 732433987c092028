import type { CurrencyCode } from './money.ts';

// Display only, and kept apart from money.ts so that a page showing amounts does not load zod.

export function minorUnitDigits(currency: CurrencyCode): number {
  return (
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
  );
}

export function formatMoney(amountMinor: number, currency: CurrencyCode, locale = 'en'): string {
  const digits = minorUnitDigits(currency);
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amountMinor / 10 ** digits);
}
