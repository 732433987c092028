/**
 * The fixed identifiers of the local cloud. They look like the real ones (the aws-amplify client
 * parses some of them, e.g. the region out of the pool id) and never name a real AWS resource.
 */
export const LOCAL_REGION = 'eu-west-1';
export const LOCAL_ACCOUNT_ID = '000000000000';
export const LOCAL_USER_POOL_ID = `${LOCAL_REGION}_SecureOrdersLocal`;
export const LOCAL_USER_POOL_CLIENT_ID = 'secureorderslocalclient0001';
export const LOCAL_REPORT_BUCKET = 'secure-orders-local-reports';
export const LOCAL_ORDER_EVENT_BUS = 'secure-orders-local-orders';

/** Path prefixes on the local origin, one per service. */
export const SERVICE_PATHS = {
  cognito: '/cognito',
  graphql: '/graphql',
  httpApi: '/api',
  s3: '/s3',
  ses: '/ses',
  secretsManager: '/secretsmanager',
  events: '/events',
  mail: '/mail',
  lambda: '/lambda',
} as const;

/** The issuer the local Cognito writes into tokens; its JWKS is at `${issuer}/.well-known/jwks.json`. */
export function localIssuer(origin: string): string {
  return `${origin}${SERVICE_PATHS.cognito}/${LOCAL_USER_POOL_ID}`;
}
