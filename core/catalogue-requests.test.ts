import { describe, expect, it } from 'vitest';
import {
  changeProductRequestSchema,
  createProductRequestSchema,
  stockChangeRequestSchema,
} from './catalogue-requests.ts';

describe('createProductRequestSchema', () => {
  it('given a SKU with spaces and lower case, then it is trimmed and upper-cased', () => {
    const parsed = createProductRequestSchema.parse({ sku: ' kb-01 ', name: 'Keyboard', prices: { USD: 1 } });
    expect(parsed).toEqual({
      sku: 'KB-01',
      name: 'Keyboard',
      description: '',
      prices: { USD: 1 },
      active: true,
      onHand: 0,
    });
  });

  it('given no prices, then it is refused on prices', () => {
    const result = createProductRequestSchema.safeParse({ sku: 'KB-01', name: 'Keyboard', prices: {} });
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['prices']);
  });

  it('given an unknown currency or a fractional price, then each is refused', () => {
    const result = createProductRequestSchema.safeParse({
      sku: 'KB-01',
      name: 'Keyboard',
      prices: { XXZ: 1, USD: 1.5 },
    });
    expect(result.success).toBe(false);
  });
});

describe('changeProductRequestSchema', () => {
  it('given only a version, then it is refused: a change must change something', () => {
    expect(changeProductRequestSchema.safeParse({ expectedVersion: 1 }).success).toBe(false);
  });

  it('given a version and a retirement, then it is accepted', () => {
    expect(changeProductRequestSchema.parse({ expectedVersion: 3, active: false })).toEqual({
      expectedVersion: 3,
      active: false,
    });
  });
});

describe('stockChangeRequestSchema', () => {
  it('given an adjustment of 0, then it is refused on delta', () => {
    const result = stockChangeRequestSchema.safeParse({ kind: 'ADJUST', delta: 0, reason: 'Nothing' });
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['delta']);
  });

  it('given a negative stock level to set, then it is refused on onHand', () => {
    const result = stockChangeRequestSchema.safeParse({ kind: 'SET', onHand: -1, reason: 'Count' });
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['onHand']);
  });

  it('given a field of the other kind, then it is refused (strict objects)', () => {
    expect(
      stockChangeRequestSchema.safeParse({ kind: 'SET', onHand: 1, delta: 1, reason: 'Count' }).success,
    ).toBe(false);
  });
});
