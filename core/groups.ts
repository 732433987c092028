/**
 * The Cognito group of administrators. The pre-token trigger puts it in a token only for members
 * with TOTP set up; the API, AppSync's rules and the SPA read a caller's admin rights from it.
 * (amplify/data/on-order-event.js keeps a copy: the APPSYNC_JS runtime cannot import.)
 */
export const ADMINS_GROUP = 'ADMINS';
