import { util } from '@aws-appsync/utils';

/**
 * onCatalogueEvent: signed-in users only. The messages carry a product's public availability and
 * nothing about any order or customer, so every signed-in user receives every one (no filter).
 */
export function request(ctx) {
  if (util.authType() !== 'User Pool Authorization' || !ctx.identity || !ctx.identity.sub) {
    util.unauthorized();
  }
  return { payload: null };
}

export function response() {
  return null;
}
