import { describe, expect, it } from 'vitest';
import { PROBLEM_TYPE } from '../../core/problem-types.ts';
import type { PublicAvailability } from '../../core/stock.ts';
import { ApiProblem } from '../api/problem.ts';
import {
  availabilityNews,
  refusedLineMessage,
  shortfall,
  shortLinesOf,
  stockRefusal,
} from './availability.ts';

const LAMP = '00000000-0000-4000-8000-0000000000c1';
const line = { path: 'items.0.productId', productId: LAMP, requested: 3, available: 1 };

describe('what a customer is told about stock', () => {
  it('given a quantity within what is public, when checked, then nothing is said (above the low threshold the count is not known)', () => {
    expect(shortfall({ level: 'IN_STOCK', availableWhenLow: null }, 40)).toBeUndefined();
    expect(shortfall({ level: 'LOW_STOCK', availableWhenLow: 3 }, 3)).toBeUndefined();
    expect(shortfall(undefined, 3)).toBeUndefined();
  });

  it('given a 409 insufficient-stock, when read, then its short lines come out; any other problem has none', () => {
    const refusal = new ApiProblem(409, PROBLEM_TYPE.insufficientStock, 'Not enough stock', [], {
      shortLines: [line],
    });
    expect(shortLinesOf(refusal)).toEqual([line]);
    expect(shortLinesOf(new ApiProblem(409, PROBLEM_TYPE.versionConflict, 'Changed'))).toEqual([]);
    expect(shortLinesOf(new ApiProblem(409, PROBLEM_TYPE.insufficientStock, 'no lines', [], {}))).toEqual([]);
  });

  it('given short lines, when said, then the products are named and the customer told nothing was reserved', () => {
    expect(stockRefusal([line], [{ id: LAMP, name: 'Lamp', description: '', prices: {} }])).toBe(
      'Not enough stock of Lamp. Nothing was reserved: change the lines marked below and place the order again.',
    );
    expect(refusedLineMessage(3, 1)).toBe(
      'Only 1 left: you asked for 3. Lower the quantity and place the order again.',
    );
    expect(refusedLineMessage(1, 0)).toBe(
      'Out of stock: none left of the 1 you asked for. Nothing was reserved.',
    );
  });
});

describe('availability news for a screen reader', () => {
  const lamp = (availability: PublicAvailability) => ({
    id: LAMP,
    name: 'Lamp',
    description: '',
    prices: {},
    availability,
  });

  it('given the lamp was "Only 2 left", when it runs out, then the news says so', () => {
    expect(
      availabilityNews(new Map([[LAMP, 'Only 2 left']]), [
        lamp({ level: 'OUT_OF_STOCK', availableWhenLow: null }),
      ]),
    ).toBe('Lamp: now Out of stock.');
  });

  it('given nothing changed or a product new to the list, when compared, then there is no news', () => {
    expect(
      availabilityNews(new Map([[LAMP, 'In stock']]), [lamp({ level: 'IN_STOCK', availableWhenLow: null })]),
    ).toBe('');
    expect(availabilityNews(new Map(), [lamp({ level: 'OUT_OF_STOCK', availableWhenLow: null })])).toBe('');
  });
});
