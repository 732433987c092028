import { defineFunction } from '@aws-amplify/backend';
import { functionEntryPath } from '../entries.ts';
import { functionDefaults, POWERTOOLS_METRICS_NAMESPACE } from '../shared.ts';

/** Publishes committed order events from the outbox table to EventBridge; scheduled every minute. */
export const outboxRelay = defineFunction({
  ...functionDefaults,
  name: 'outbox-relay',
  entry: functionEntryPath('outbox-relay'),
  // Shorter than the one-minute schedule, so two runs never overlap for long.
  timeoutSeconds: 50,
  memoryMB: 512,
  environment: {
    POWERTOOLS_SERVICE_NAME: 'outbox-relay',
    POWERTOOLS_METRICS_NAMESPACE,
  },
});
