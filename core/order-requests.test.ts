import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createOrderRequestSchema,
  idempotencyKeySchema,
  MAX_LINE_ITEMS,
  pageSizeSchema,
  reportPeriodSchema,
  transitionRequestSchema,
} from './order-requests.ts';
import { parseInput, ValidationError } from './validation.ts';

const productId = '0b7c1f4e-5a2d-4c8e-9f3a-1d2e3f4a5b6c';
const otherProductId = '7d9e8f1a-2b3c-4d5e-8f6a-7b8c9d0e1f2a';

function issuesOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).issues;
  }
  throw new Error('expected a ValidationError');
}

/** Values a hostile client might send where a field belongs. */
const hostileValue = fc.oneof(
  fc.anything(),
  fc.constantFrom(
    "'; DROP TABLE orders; --",
    '1 OR 1=1',
    '__proto__',
    '\u0000',
    '🦄'.repeat(1000),
    Number.MAX_VALUE,
    -0,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    2 ** 53,
    1e21,
    '1000',
    [],
    {},
    null,
  ),
);

const hostileObject = fc.oneof(
  fc.anything(),
  fc.dictionary(
    fc.constantFrom('currency', 'items', 'to', 'expectedVersion', '__proto__', 'constructor', 'total'),
    hostileValue,
  ),
  fc.record({
    currency: hostileValue,
    items: fc.oneof(
      hostileValue,
      fc.array(fc.record({ productId: hostileValue, quantity: hostileValue }), { maxLength: 60 }),
    ),
  }),
);

describe('request validation', () => {
  it('given a well-formed order, when parsed, then it is accepted unchanged', () => {
    const request = { currency: 'EUR', items: [{ productId, quantity: 3 }] };
    expect(parseInput(createOrderRequestSchema, request)).toEqual(request);
  });

  it.each([
    ['quantity 0', { currency: 'USD', items: [{ productId, quantity: 0 }] }, 'items.0.quantity'],
    ['quantity 1001', { currency: 'USD', items: [{ productId, quantity: 1001 }] }, 'items.0.quantity'],
    ['fractional quantity', { currency: 'USD', items: [{ productId, quantity: 1.5 }] }, 'items.0.quantity'],
    ['no items', { currency: 'USD', items: [] }, 'items'],
    ['unknown currency', { currency: 'XYZ', items: [{ productId, quantity: 1 }] }, 'currency'],
    ['lower-case currency', { currency: 'usd', items: [{ productId, quantity: 1 }] }, 'currency'],
    [
      'product id not a UUID',
      { currency: 'USD', items: [{ productId: '1 OR 1=1', quantity: 1 }] },
      'items.0.productId',
    ],
    ['a client total', { currency: 'USD', items: [{ productId, quantity: 1 }], total: 1 }, ''],
    [
      'the same product twice',
      {
        currency: 'USD',
        items: [
          { productId, quantity: 1 },
          { productId: otherProductId, quantity: 1 },
          { productId, quantity: 2 },
        ],
      },
      'items.2.productId',
    ],
  ])('given an order with %s, when parsed, then the failing path is reported', (_, request, path) => {
    expect(
      issuesOf(() => parseInput(createOrderRequestSchema, request)).map((issue) => issue.path),
    ).toContain(path);
  });

  it(`given ${MAX_LINE_ITEMS + 1} line items, when parsed, then items is refused`, () => {
    const items = Array.from({ length: MAX_LINE_ITEMS + 1 }, (_, index) => ({
      productId: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
      quantity: 1,
    }));
    expect(issuesOf(() => parseInput(createOrderRequestSchema, { currency: 'USD', items }))[0]?.path).toBe(
      'items',
    );
  });

  it('given any input at all, when parsed as an order, then it is accepted or refused with a ValidationError naming paths', () => {
    fc.assert(
      fc.property(hostileObject, (input) => {
        try {
          parseInput(createOrderRequestSchema, input);
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
          expect(error.issues.length).toBeGreaterThan(0);
          for (const issue of error.issues) expect(typeof issue.path).toBe('string');
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('given any input, when parsed as a transition, then only ValidationError is ever thrown', () => {
    fc.assert(
      fc.property(hostileObject, (input) => {
        try {
          parseInput(transitionRequestSchema, input);
        } catch (error) {
          expect(error).toBeInstanceOf(ValidationError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('given an object whose getters throw, when parsed, then a ValidationError is thrown, not the getter error', () => {
    const booby = Object.defineProperty({}, 'currency', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    expect(() => parseInput(createOrderRequestSchema, booby)).toThrow(ValidationError);
  });

  it('given valid orders of any size and currency, when parsed, then all are accepted', () => {
    const validItem = fc.record({ productId: fc.uuid(), quantity: fc.integer({ min: 1, max: 1000 }) });
    fc.assert(
      fc.property(
        fc.constantFrom('USD', 'EUR', 'GBP', 'JPY', 'BHD'),
        fc.uniqueArray(validItem, {
          minLength: 1,
          maxLength: MAX_LINE_ITEMS,
          selector: (item) => item.productId.toLowerCase(),
        }),
        (currency, items) => {
          expect(parseInput(createOrderRequestSchema, { currency, items }).items).toHaveLength(items.length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('given a transition to an unknown status, when parsed, then the path is "to"', () => {
    expect(
      issuesOf(() => parseInput(transitionRequestSchema, { to: 'LOST', expectedVersion: 1 }))[0]?.path,
    ).toBe('to');
  });

  it('given a report period that ends before it starts, when parsed, then periodEnd is refused', () => {
    const issues = issuesOf(() =>
      parseInput(reportPeriodSchema, { periodStart: '2026-02-01', periodEnd: '2026-01-01' }),
    );
    expect(issues[0]?.path).toBe('periodEnd');
  });

  it('given an idempotency key with a space, when parsed, then it is refused', () => {
    expect(() => parseInput(idempotencyKeySchema, 'abc def ghi')).toThrow(ValidationError);
  });
});

describe("messages from zod's mini build", () => {
  it('given a check with no message of its own, when it fails, then the client reads zod’s English message', () => {
    expect(issuesOf(() => parseInput(pageSizeSchema, '0'))).toEqual([
      { path: '', message: 'Too small: expected number to be >=1' },
    ]);
  });

  it('given a value of the wrong type, when parsed, then the message names both types', () => {
    expect(issuesOf(() => parseInput(idempotencyKeySchema, 12345678))).toEqual([
      { path: '', message: 'Invalid input: expected string, received number' },
    ]);
  });
});
