import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type AppSyncCaller, assumedRoleCaller, userPoolCaller } from './identity.ts';
import { loadJsResolver, ResolverUnauthorized } from './js-resolver.ts';
import { matchesFilter, toSubscriptionFilter } from './subscription-filter.ts';

// The project's own AppSync JS resolvers, run unchanged through the APPSYNC_JS shim.
const resolverPath = (name: string) => fileURLToPath(new URL(`../../amplify/data/${name}`, import.meta.url));
const onOrderEvent = loadJsResolver(resolverPath('on-order-event.js'), () => undefined);
const publishOrderEvent = loadJsResolver(resolverPath('publish-order-event.js'), () => undefined);

const env = { ORDER_EVENT_PUBLISHER_ROLE: 'publisher', ORDER_EVENT_PUBLISHER_ACCOUNT: '000000000000' };
const run = (resolver: typeof onOrderEvent, caller: AppSyncCaller, args: Record<string, unknown> = {}) =>
  resolver.run(
    {
      arguments: args,
      args,
      identity: caller.identity,
      source: null,
      stash: {},
      env,
      prev: { result: null },
    },
    caller,
  );

describe('on-order-event.js', () => {
  it('given a customer, when they subscribe, then the filter admits only their own events', () => {
    const { subscriptionFilter } = run(onOrderEvent, userPoolCaller({ sub: 'alice' }));
    expect(subscriptionFilter).toEqual({
      filterGroup: [{ filters: [{ fieldName: 'ownerSub', operator: 'eq', value: 'alice' }] }],
    });
  });

  it('given an admin, when they subscribe, then no filter is set', () => {
    const { subscriptionFilter } = run(
      onOrderEvent,
      userPoolCaller({ sub: 'root', 'cognito:groups': ['ADMINS'] }),
    );
    expect(subscriptionFilter).toBeUndefined();
  });

  it('given an IAM caller, when it subscribes, then the resolver refuses', () => {
    expect(() =>
      run(onOrderEvent, assumedRoleCaller({ accountId: '000000000000', roleName: 'publisher' })),
    ).toThrow(ResolverUnauthorized);
  });
});

describe('publish-order-event.js', () => {
  it('given the publisher role, when it publishes, then the arguments are the result', () => {
    const caller = assumedRoleCaller({
      accountId: '000000000000',
      roleName: 'publisher',
      sessionName: 'any',
    });
    expect(run(publishOrderEvent, caller, { eventId: 'e1' }).result).toEqual({ eventId: 'e1' });
  });

  it('given a user-pool caller, when it publishes, then the resolver refuses', () => {
    expect(() => run(publishOrderEvent, userPoolCaller({ sub: 'alice' }))).toThrow(ResolverUnauthorized);
  });
});

describe('subscription filters', () => {
  it('given or-ed and and-ed conditions, when built, then they become OR-ed groups of AND-ed filters', () => {
    const filter = toSubscriptionFilter({
      type: { eq: 'A' },
      or: [{ ownerSub: { eq: 'x' } }, { orderVersion: { gt: 2 } }],
    });
    expect(matchesFilter(filter, { type: 'A', ownerSub: 'x', orderVersion: 1 })).toBe(true);
    expect(matchesFilter(filter, { type: 'A', ownerSub: 'y', orderVersion: 3 })).toBe(true);
    expect(matchesFilter(filter, { type: 'B', ownerSub: 'x', orderVersion: 3 })).toBe(false);
  });

  it('given in, beginsWith and between, when tested, then they behave as AppSync documents', () => {
    const filter = toSubscriptionFilter({
      toStatus: { in: ['SHIPPED', 'DELIVERED'] },
      orderId: { beginsWith: 'ord-' },
      orderVersion: { between: [2, 4] },
    });
    expect(matchesFilter(filter, { toStatus: 'SHIPPED', orderId: 'ord-1', orderVersion: 4 })).toBe(true);
    expect(matchesFilter(filter, { toStatus: 'PENDING', orderId: 'ord-1', orderVersion: 4 })).toBe(false);
    expect(matchesFilter(filter, { toStatus: 'SHIPPED', orderId: 'ord-1', orderVersion: 5 })).toBe(false);
  });

  it('given a number and a string, when compared for order, then the filter does not match', () => {
    expect(matchesFilter(toSubscriptionFilter({ orderVersion: { gt: 1 } }), { orderVersion: '2' })).toBe(
      false,
    );
  });
});
