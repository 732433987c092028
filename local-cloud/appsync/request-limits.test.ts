import { describe, expect, it } from 'vitest';
import { fieldDepth, resolverBudget } from './request-limits.ts';

const path = (...keys: Array<string | number>) =>
  keys.reduce<Parameters<typeof fieldDepth>[0]>(
    (prev, key) => ({ prev, key, typename: undefined }),
    undefined,
  );

describe('query depth', () => {
  it('given a root field, then its depth is 1', () => {
    expect(fieldDepth(path('listOrders'))).toBe(1);
  });

  it('given a field inside a list, then list indexes do not add levels', () => {
    expect(fieldDepth(path('listOrders', 'items', 0, 'id'))).toBe(3);
  });
});

describe('the resolver budget', () => {
  it('given a limit of 2, when a request runs a third resolver, then ResolverExecutionLimitReached', () => {
    const budget = resolverBudget(2);
    const request = {};
    budget.spend(request);
    budget.spend(request);
    expect(() => budget.spend(request)).toThrow(
      expect.objectContaining({ errorType: 'ResolverExecutionLimitReached' }),
    );
  });

  it('given two requests, then each has its own count', () => {
    const budget = resolverBudget(1);
    budget.spend({});
    expect(() => budget.spend({})).not.toThrow();
  });
});
