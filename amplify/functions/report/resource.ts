import { defineFunction } from '@aws-amplify/backend';
import { deploymentConfig } from '../../config/index.ts';
import { functionEntryPath } from '../entries.ts';
import { functionDefaults, POWERTOOLS_METRICS_NAMESPACE } from '../shared.ts';

const { reports, app } = deploymentConfig;

/** Builds the orders report (CSV to S3, summary by SES): daily on a schedule, and on demand. */
export const report = defineFunction({
  ...functionDefaults,
  name: 'report',
  entry: functionEntryPath('report'),
  timeoutSeconds: 300,
  memoryMB: 1024,
  environment: {
    POWERTOOLS_SERVICE_NAME: 'report',
    POWERTOOLS_METRICS_NAMESPACE,
    REPORT_FROM_ADDRESS: reports.fromAddress,
    REPORT_RECIPIENTS: reports.recipients.join(','),
    REPORT_TIMEZONE: reports.timezone,
    APP_URL: app.url,
  },
});
