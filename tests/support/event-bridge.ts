import {
  type EventBridgeClientResolvedConfig,
  PutEventsCommand,
  type ServiceInputTypes,
  type ServiceOutputTypes,
} from '@aws-sdk/client-eventbridge';
import type { AwsStub } from 'aws-sdk-client-mock';

/** Resets a mocked EventBridge client so it accepts every PutEvents entry, as the bus does. */
export function acceptEveryEvent(
  eventBridge: AwsStub<ServiceInputTypes, ServiceOutputTypes, EventBridgeClientResolvedConfig>,
): void {
  eventBridge.reset();
  eventBridge.on(PutEventsCommand).callsFake((input: { Entries: unknown[] }) => ({
    FailedEntryCount: 0,
    Entries: input.Entries.map((_, index) => ({ EventId: `eb-${index}` })),
  }));
}
