/**
 * Who may call this API with IAM (SigV4) credentials, and where.
 *
 * Amplify Gen 2 always turns on IAM authorization (`iamConfig.enableIamAuthorizationMode: true`,
 * not configurable from defineData) and its generated auth step admits every IAM principal outside
 * the identity pool, leaving the decision to IAM policies anywhere in the account. Here IAM exists
 * for one caller only: EventBridge's target role on `Mutation.publishOrderEvent` (and
 * `publishCatalogueEvent`), whose resolver
 * checks that role itself (publish-order-event.js). Every other resolver runs this gate first, so
 * an IAM caller, of any role, is refused before Amplify's auth step sees it. The local AppSync
 * applies the same rule (local-cloud/appsync/models.ts).
 */
export const IAM_CHECKED_BY_THEIR_OWN_RESOLVER = [
  'Mutation.publishOrderEvent',
  'Subscription.onOrderEvent',
  'Mutation.publishCatalogueEvent',
  'Subscription.onCatalogueEvent',
] as const;

/** The gate's request template (VTL, like Amplify's own pipeline functions it precedes). */
export const IAM_GATE_REQUEST_TEMPLATE = `## Secure Orders: no IAM caller reaches Amplify's resolvers (see amplify/data/iam-callers.ts).
#if( $util.authType() == "IAM Authorization" )
  $util.unauthorized()
#end
$util.toJson({"version":"2018-05-29","payload":{}})`;

export const IAM_GATE_RESPONSE_TEMPLATE = '$util.toJson({})';
