import { readConfig, required } from '../lib/config.ts';

const env = readConfig('orders-api', {
  APP_CLIENT_ID: required,
  ORDER_EVENT_BUS_NAME: required,
  REPORT_REQUEST_SOURCE: required,
  REPORT_REQUEST_DETAIL_TYPE: required,
});

/** The orders API's configuration, read at cold start (see readConfig). */
export const config = {
  /** The user-pool app client every access token must have been issued to. */
  appClientId: env.APP_CLIENT_ID,
  orderEventBus: env.ORDER_EVENT_BUS_NAME,
  /** The `ReportRequested` event the report rule matches. */
  reportRequests: {
    busName: env.ORDER_EVENT_BUS_NAME,
    source: env.REPORT_REQUEST_SOURCE,
    detailType: env.REPORT_REQUEST_DETAIL_TYPE,
  },
};
