import { APP_CLIENT_ID } from './api-events.ts';

/**
 * The configuration the cloud gives the functions (their resource.ts and amplify/backend.ts), with
 * test values: what handler tests and the Lambda bench run them with.
 */
export const FUNCTION_CONFIG = {
  APP_CLIENT_ID,
  ORDER_EVENT_BUS_NAME: 'orders-bus',
  REPORT_REQUEST_SOURCE: 'secure-orders.reports',
  REPORT_REQUEST_DETAIL_TYPE: 'ReportRequested',
  REPORT_BUCKET_NAME: 'reports-bucket',
  REPORT_PREFIX: 'reports/',
  REPORT_FROM_ADDRESS: 'reports@example.com',
  REPORT_RECIPIENTS: 'admin1@example.com, admin2@example.com',
  REPORT_TIMEZONE: 'UTC',
  APP_URL: 'https://app.example.com',
} as const;
