import { util } from '@aws-appsync/utils';

/**
 * publishOrderEvent and publishCatalogueEvent: only the EventBridge target's role may call it. AppSync already refuses user-pool
 * callers (the field names a group nobody is in); this refuses every other IAM principal: identity-pool
 * identities, other roles, other accounts. The role name and account come from the API's environment.
 */
export function request(ctx) {
  if (!isOrderEventPublisher(ctx)) {
    console.log('event publish refused', util.authType(), ctx.identity?.userArn);
    util.unauthorized();
  }
  return { payload: ctx.args };
}

export function response(ctx) {
  return ctx.result;
}

function isOrderEventPublisher(ctx) {
  const identity = ctx.identity;
  if (util.authType() !== 'IAM Authorization' || !identity) return false;
  if (identity.cognitoIdentityPoolId || identity.cognitoIdentityId) return false;
  if (identity.accountId !== ctx.env.ORDER_EVENT_PUBLISHER_ACCOUNT) return false;
  // arn:aws:sts::<account>:assumed-role/<role name>/<session name>; the session name varies.
  const parts = (identity.userArn || '').split('/');
  return (
    parts.length === 3 &&
    parts[0].endsWith(':assumed-role') &&
    parts[1] === ctx.env.ORDER_EVENT_PUBLISHER_ROLE
  );
}
