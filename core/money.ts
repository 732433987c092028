import './zod-messages.ts';
import * as z from 'zod/mini';

/**
 * Money is an integer count of the currency's minor unit (cents for USD, yen for JPY, fils for
 * BHD), never a float. Which codes exist and how many decimals each has comes from the platform's
 * ICU data (Intl) rather than a hand-kept table.
 */
const ISO_4217_CODES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

export const currencyCodeSchema = z.string().check(
  z.regex(/^[A-Z]{3}$/, 'Currency must be a three-letter ISO 4217 code in capitals'),
  z.refine((code) => ISO_4217_CODES.has(code), 'Unknown ISO 4217 currency code'),
);

export type CurrencyCode = z.output<typeof currencyCodeSchema>;

/** The largest amount we accept anywhere: it keeps every sum an exact JavaScript integer. */
export const MAX_AMOUNT_MINOR = 10 ** 15;

/** Sums amounts, refusing a result that would no longer be an exact integer. */
export function sumAmounts(amounts: Iterable<number>): number {
  let total = 0;
  for (const amount of amounts) {
    total += amount;
    if (!Number.isSafeInteger(total) || total > MAX_AMOUNT_MINOR) {
      throw new RangeError(`Total exceeds the largest supported amount (${MAX_AMOUNT_MINOR} minor units)`);
    }
  }
  return total;
}
