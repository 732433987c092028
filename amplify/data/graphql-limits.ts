/**
 * AppSync's per-request limits for this API (Amplify leaves both unset: unlimited depth, 10,000
 * resolvers). One source: amplify/backend.ts sets them on the GraphQL API, and the local AppSync
 * enforces the same numbers.
 *
 * What the SPA needs (src/api/orders.ts, measured by tests/hostile/graphql-limits.test.ts, which runs
 * those operations against the limits): its deepest operations are the model lists,
 * `listOrders { items { <scalars> } }`, 3 levels; every operation runs 1 resolver (the client selects
 * no relationships, and each call is its own request). The margin allows one relationship hop in a
 * small list; raise these if the SPA starts selecting relationships.
 */
export const GRAPHQL_LIMITS = {
  /** Nested levels of fields; AppSync allows 1-75 (0: no limit). */
  queryDepthLimit: 5,
  /** Resolver runs per request; AppSync allows 1-10,000 (0: its default of 10,000). */
  resolverCountLimit: 10,
} as const;
