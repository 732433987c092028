import { defineFunction } from '@aws-amplify/backend';
import { functionEntryPath } from '../entries.ts';
import { functionDefaults, POWERTOOLS_METRICS_NAMESPACE } from '../shared.ts';

/** The HTTP API's command handler: every route of the API Gateway HTTP API lands here. */
export const ordersApi = defineFunction({
  ...functionDefaults,
  name: 'orders-api',
  entry: functionEntryPath('orders-api'),
  timeoutSeconds: 10,
  memoryMB: 1024,
  environment: {
    POWERTOOLS_SERVICE_NAME: 'orders-api',
    POWERTOOLS_METRICS_NAMESPACE,
  },
});
