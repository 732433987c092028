import { describe, expect, it } from 'vitest';
import { describeChanges } from './audit-changes.ts';

describe('what an audit entry changed', () => {
  it('given before and after snapshots, when described, then only the fields that differ are listed, prices as money', () => {
    expect(
      describeChanges(
        JSON.stringify({ name: 'Mug', prices: { USD: 900 }, active: true, version: 3 }),
        JSON.stringify({ name: 'Large mug', prices: { USD: 1200, EUR: 1100 }, active: true, version: 4 }),
      ),
    ).toEqual(['Name: Mug → Large mug', 'Prices: $9.00 → €11.00, $12.00']);
  });

  it('given a creation (no before), when described, then each field reads as set', () => {
    expect(describeChanges(null, { sku: 'MUG-1', on_hand: 2 })).toEqual(['SKU: MUG-1', 'On hand: 2']);
  });

  it('given a stock change, when described, then on hand reads from old to new', () => {
    expect(describeChanges({ on_hand: 2 }, { on_hand: 0 })).toEqual(['On hand: 2 → 0']);
  });

  it('given a snapshot that is not JSON, when described, then it is treated as empty, not thrown', () => {
    expect(describeChanges('not json', '{"active":false}')).toEqual(['Active: — → no']);
  });
});
