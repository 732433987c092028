import { describe, expect, it } from 'vitest';
import { LOW_STOCK_THRESHOLD, publicAvailability } from './stock.ts';

describe('publicAvailability', () => {
  it('given nothing available, then out of stock without a count', () => {
    expect(publicAvailability(0)).toEqual({ level: 'OUT_OF_STOCK', availableWhenLow: null });
  });

  it('given the threshold or fewer units, then low stock with the count', () => {
    expect(publicAvailability(1)).toEqual({ level: 'LOW_STOCK', availableWhenLow: 1 });
    expect(publicAvailability(LOW_STOCK_THRESHOLD)).toEqual({
      level: 'LOW_STOCK',
      availableWhenLow: LOW_STOCK_THRESHOLD,
    });
  });

  it('given more than the threshold, then in stock and the count stays private', () => {
    expect(publicAvailability(LOW_STOCK_THRESHOLD + 1)).toEqual({
      level: 'IN_STOCK',
      availableWhenLow: null,
    });
  });
});
