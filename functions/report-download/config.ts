import { readConfig, required } from '../lib/config.ts';

const env = readConfig('report-download', {
  APP_CLIENT_ID: required,
  REPORT_BUCKET_NAME: required,
});

/** The report download function's configuration, read at cold start (see readConfig). */
export const config = {
  /** The user-pool app client every access token must have been issued to. */
  appClientId: env.APP_CLIENT_ID,
  reportBucket: env.REPORT_BUCKET_NAME,
};
