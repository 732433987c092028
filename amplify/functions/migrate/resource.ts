import { defineFunction } from '@aws-amplify/backend';
import { functionDefaults, POWERTOOLS_METRICS_NAMESPACE } from '../shared.ts';

/** Applies the SQL migrations in db/migrations; a CDK trigger runs it on every deploy. */
export const migrate = defineFunction({
  ...functionDefaults,
  name: 'migrate',
  entry: '../../../functions/migrate/handler.ts',
  timeoutSeconds: 300,
  memoryMB: 512,
  environment: {
    POWERTOOLS_SERVICE_NAME: 'migrate',
    POWERTOOLS_METRICS_NAMESPACE,
  },
});
