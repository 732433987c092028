import { defineFunction } from '@aws-amplify/backend';
import { functionEntryPath } from '../entries.ts';
import { functionDefaults, POWERTOOLS_METRICS_NAMESPACE } from '../shared.ts';

/** Applies the SQL migrations in db/migrations; a CDK trigger runs it on every deploy. */
export const migrate = defineFunction({
  ...functionDefaults,
  name: 'migrate',
  entry: functionEntryPath('migrate'),
  timeoutSeconds: 300,
  memoryMB: 512,
  environment: {
    POWERTOOLS_SERVICE_NAME: 'migrate',
    POWERTOOLS_METRICS_NAMESPACE,
  },
});
