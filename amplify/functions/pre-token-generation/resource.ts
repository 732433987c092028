import { defineFunction } from '@aws-amplify/backend';
import { functionEntryPath } from '../entries.ts';
import { functionDefaults, POWERTOOLS_METRICS_NAMESPACE } from '../shared.ts';

/**
 * Cognito's pre-token-generation trigger (event version 2): withholds the ADMINS group claim from
 * anyone who has not set up TOTP. It calls Cognito only, so it stays outside the VPC.
 */
export const preTokenGeneration = defineFunction({
  ...functionDefaults,
  name: 'pre-token-generation',
  entry: functionEntryPath('pre-token-generation'),
  // Grouped with auth: the user pool and its trigger reference each other.
  resourceGroupName: 'auth',
  timeoutSeconds: 5,
  memoryMB: 256,
  environment: {
    POWERTOOLS_SERVICE_NAME: 'pre-token-generation',
    POWERTOOLS_METRICS_NAMESPACE,
  },
});
