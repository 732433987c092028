import type { CurrencyCode } from '../../../core/money.ts';
import { minorUnitDigits } from '../../../core/money-format.ts';

/**
 * Admins type prices as they read them ("12.90" dollars, "1980" yen); the API takes integer minor
 * units. This converts with the currency's own number of decimals, in exact decimal arithmetic
 * (no float rounding); whether the amount is allowed is the shared schema's to say.
 */
export type TypedPrice = { amount: number } | { error: string };

function decimalsOf(currency: string): number {
  // An unknown code is the schema's to refuse; meanwhile read the amount as cents.
  return /^[A-Z]{3}$/.test(currency) ? minorUnitDigits(currency as CurrencyCode) : 2;
}

export function toMinorUnits(typed: string, currency: string): TypedPrice {
  const text = typed.trim();
  if (text === '') return { error: 'Enter a price' };
  const match = /^(\d+)(?:\.(\d*))?$/.exec(text);
  if (!match) return { error: 'Enter a price such as 12.50, without the currency sign' };
  const decimals = decimalsOf(currency);
  const fraction = match[2] ?? '';
  if (fraction.length > decimals) {
    return {
      error:
        decimals === 0
          ? `${currency} prices are whole numbers`
          : `${currency} prices have at most ${decimals} decimals`,
    };
  }
  return { amount: Number(`${match[1]}${fraction.padEnd(decimals, '0')}`) };
}

/** The text an edit form starts from: 12900 USD is "129.00". */
export function fromMinorUnits(amount: number, currency: string): string {
  const decimals = decimalsOf(currency);
  if (decimals === 0) return String(amount);
  const digits = String(amount).padStart(decimals + 1, '0');
  return `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
}
