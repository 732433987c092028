import { defineFunction } from '@aws-amplify/backend';
import { functionEntryPath } from '../entries.ts';
import { functionDefaults, POWERTOOLS_METRICS_NAMESPACE } from '../shared.ts';

/**
 * The HTTP API's report download route: signs a short-lived link to a ready report. Apart from the
 * orders API so that only it loads the S3 client and presigner and only its role reads report objects.
 */
export const reportDownload = defineFunction({
  ...functionDefaults,
  name: 'report-download',
  entry: functionEntryPath('report-download'),
  timeoutSeconds: 10,
  memoryMB: 1024,
  environment: {
    POWERTOOLS_SERVICE_NAME: 'report-download',
    POWERTOOLS_METRICS_NAMESPACE,
  },
});
