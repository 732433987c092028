import type { GraphQLResolveInfo } from 'graphql';
import { AppSyncError } from './identity.ts';

export interface RequestLimits {
  queryDepthLimit: number;
  resolverCountLimit: number;
}

/** The nesting level of a field: 1 for a root field, list indexes not counted (AppSync's "levels"). */
export function fieldDepth(path: GraphQLResolveInfo['path'] | undefined): number {
  let depth = 0;
  for (let step = path; step; step = step.prev) if (typeof step.key === 'string') depth += 1;
  return depth;
}

// AppSync's documented errorTypes (configuration-limits: QueryDepthLimitReached on each field past
// the depth limit, which then resolves to null; ResolverExecutionLimitReached on each resolver past
// the count, which then does not run). The messages are ours: AWS documents none.
export const queryDepthLimitReached = (limit: number) =>
  new AppSyncError(`Query depth limit of ${limit} reached`, 'QueryDepthLimitReached');

export const resolverExecutionLimitReached = (limit: number) =>
  new AppSyncError(`Resolver execution limit of ${limit} reached`, 'ResolverExecutionLimitReached');

/**
 * The resolver runs of each request, keyed by its context object (one per execute call). Throws, as
 * AppSync fails the resolver, once a request would run more than the limit.
 */
export function resolverBudget(limit: number) {
  const runs = new WeakMap<object, number>();
  return {
    spend(request: object) {
      const count = (runs.get(request) ?? 0) + 1;
      runs.set(request, count);
      if (count > limit) throw resolverExecutionLimitReached(limit);
    },
  };
}
