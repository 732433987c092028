import { describe, expect, it } from 'vitest';
import { MAX_AMOUNT_MINOR, sumAmounts } from './money.ts';
import { formatMoney, minorUnitDigits } from './money-format.ts';
import { type CataloguePrice, priceOrder, UnpriceableItemError } from './pricing.ts';

const keyboard: CataloguePrice = {
  productId: 'p-keyboard',
  name: 'Keyboard',
  unitAmount: 12900,
  active: true,
};
const cable: CataloguePrice = { productId: 'p-cable', name: 'Cable', unitAmount: 1500, active: true };
const retired: CataloguePrice = { productId: 'p-retired', name: 'Retired', unitAmount: 100, active: false };
const catalogue = new Map([keyboard, cable, retired].map((price) => [price.productId, price]));

describe('pricing', () => {
  it('given catalogue prices, when an order is priced, then lines and total come from the catalogue', () => {
    const priced = priceOrder(
      {
        currency: 'USD',
        items: [
          { productId: 'p-keyboard', quantity: 2 },
          { productId: 'p-cable', quantity: 3 },
        ],
      },
      catalogue,
    );
    expect(priced.lines.map((line) => [line.lineNo, line.lineAmount])).toEqual([
      [1, 25800],
      [2, 4500],
    ]);
    expect(priced.totalAmount).toBe(30300);
    expect(priced.itemCount).toBe(5);
  });

  it('given a product without a price in the currency, when priced, then its path is named', () => {
    expect(() =>
      priceOrder({ currency: 'USD', items: [{ productId: 'p-unknown', quantity: 1 }] }, catalogue),
    ).toThrow(expect.objectContaining({ name: 'UnpriceableItemError', path: 'items.0.productId' }));
  });

  it('given lines whose total passes the largest supported amount, when priced, then it is a validation error on items', () => {
    const luxury = new Map([
      ['p-yacht', { productId: 'p-yacht', name: 'Yacht', unitAmount: 10 ** 11, active: true }],
    ]);
    const items = Array.from({ length: 20 }, () => ({ productId: 'p-yacht', quantity: 1000 }));
    expect(() => priceOrder({ currency: 'USD', items }, luxury)).toThrow(
      expect.objectContaining({
        name: 'ValidationError',
        issues: [{ path: 'items', message: expect.any(String) }],
      }),
    );
  });

  it('given a withdrawn product, when priced, then it is refused', () => {
    expect(() =>
      priceOrder({ currency: 'USD', items: [{ productId: 'p-retired', quantity: 1 }] }, catalogue),
    ).toThrow(UnpriceableItemError);
  });
});

describe('money', () => {
  it('given currencies with 0, 2 and 3 minor digits, when asked, then ICU data answers', () => {
    expect([minorUnitDigits('JPY'), minorUnitDigits('USD'), minorUnitDigits('BHD')]).toEqual([0, 2, 3]);
  });

  it('given minor units, when formatted, then the currency decides the decimals', () => {
    expect(formatMoney(123456, 'USD')).toBe('$1,234.56');
    expect(formatMoney(1980, 'JPY')).toBe('¥1,980');
  });

  it('given amounts whose sum leaves the supported range, when summed, then it throws instead of rounding', () => {
    expect(() => sumAmounts([MAX_AMOUNT_MINOR, 1])).toThrow(RangeError);
  });
});
