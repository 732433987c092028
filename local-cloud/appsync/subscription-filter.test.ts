import { describe, expect, it } from 'vitest';
import { assertValidFilter, matchesFilter, type SubscriptionFilter } from './subscription-filter.ts';

const filterWith = (operator: string): SubscriptionFilter => ({
  filterGroup: [{ filters: [{ fieldName: 'ownerSub', operator, value: 'alice' }] }],
});

// Names every plain object inherits: an `in` or `OPERATORS[op]` lookup finds them on the prototype.
const inheritedNames = ['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__'];

describe('subscription filter operators', () => {
  it.each(inheritedNames)(
    'given the operator %s, when the filter is validated, then it is refused',
    (operator) => {
      expect(() => assertValidFilter(filterWith(operator))).toThrow(
        /Unsupported subscription filter operator/,
      );
    },
  );

  it.each(inheritedNames)(
    'given the operator %s, when a payload is tested, then it does not match',
    (operator) => {
      expect(matchesFilter(filterWith(operator), { ownerSub: 'mallory' })).toBe(false);
    },
  );

  it('given a known operator, when it is validated and tested, then it matches only what it names', () => {
    expect(() => assertValidFilter(filterWith('eq'))).not.toThrow();
    expect(matchesFilter(filterWith('eq'), { ownerSub: 'alice' })).toBe(true);
    expect(matchesFilter(filterWith('eq'), { ownerSub: 'mallory' })).toBe(false);
  });
});
