import { describe, expect, it } from 'vitest';
import { fromMinorUnits, toMinorUnits } from './price-input.ts';

describe('typed prices and minor units', () => {
  it('given dollars and cents, when converted, then the amount is exact cents', () => {
    expect(toMinorUnits('12.90', 'USD')).toEqual({ amount: 1290 });
    expect(toMinorUnits('0.29', 'USD')).toEqual({ amount: 29 });
    expect(toMinorUnits(' 7 ', 'EUR')).toEqual({ amount: 700 });
  });

  it('given a currency without decimals, when converted, then whole units are minor units', () => {
    expect(toMinorUnits('1980', 'JPY')).toEqual({ amount: 1980 });
    expect(toMinorUnits('1980.5', 'JPY')).toEqual({ error: 'JPY prices are whole numbers' });
  });

  it('given more decimals than the currency has, when converted, then it says how many it has', () => {
    expect(toMinorUnits('1.999', 'USD')).toEqual({ error: 'USD prices have at most 2 decimals' });
    expect(toMinorUnits('1.999', 'BHD')).toEqual({ amount: 1999 });
  });

  it('given text that is not an amount, when converted, then it asks for one', () => {
    expect(toMinorUnits('', 'USD')).toEqual({ error: 'Enter a price' });
    expect(toMinorUnits('$5', 'USD')).toEqual({
      error: 'Enter a price such as 12.50, without the currency sign',
    });
    expect(toMinorUnits('-5', 'USD')).toHaveProperty('error');
  });

  it('given minor units, when shown for editing, then they read back to the same amount', () => {
    expect(fromMinorUnits(12900, 'USD')).toBe('129.00');
    expect(fromMinorUnits(5, 'USD')).toBe('0.05');
    expect(fromMinorUnits(1980, 'JPY')).toBe('1980');
    expect(toMinorUnits(fromMinorUnits(1999, 'BHD'), 'BHD')).toEqual({ amount: 1999 });
  });
});
