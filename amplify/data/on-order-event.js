import { extensions, util } from '@aws-appsync/utils';

const ADMINS_GROUP = 'ADMINS';

/**
 * onOrderEvent: signed-in users only, and each sees only what is theirs. An owner receives the events
 * of their own orders (filtered on ownerSub, which publishOrderEvent selects); ADMINS receive all.
 */
export function request(ctx) {
  if (util.authType() !== 'User Pool Authorization' || !ctx.identity || !ctx.identity.sub) {
    util.unauthorized();
  }
  return { payload: null };
}

export function response(ctx) {
  const groups = ctx.identity.groups || [];
  if (!groups.includes(ADMINS_GROUP)) {
    extensions.setSubscriptionFilter(
      util.transform.toSubscriptionFilter({ ownerSub: { eq: ctx.identity.sub } }),
    );
  }
  return null;
}
