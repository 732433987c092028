import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { ORDER_EVENT_DETAIL_TYPE, ORDER_EVENT_SOURCE } from '../../core/order-events.ts';
import type { OrderEventRecord } from '../../db/order-rows.ts';
import { toOrderEventMessage } from '../../db/outbox.ts';
import { logger, tracer } from './observability.ts';

const eventBridge = tracer.captureAWSv3Client(new EventBridgeClient({}));

/** PutEvents takes at most ten entries per call. */
const PUT_EVENTS_MAX_ENTRIES = 10;

function toEntry(event: OrderEventRecord, busName: string): PutEventsRequestEntry {
  return {
    EventBusName: busName,
    Source: ORDER_EVENT_SOURCE,
    DetailType: ORDER_EVENT_DETAIL_TYPE,
    Detail: JSON.stringify(toOrderEventMessage(event)),
    Time: new Date(event.occurredAt),
  };
}

/**
 * Sends order events to the bus and returns the ids EventBridge accepted. A refused entry or a
 * failed call is left out (and logged), so the outbox keeps it for the relay: never throws.
 */
export async function publishOrderEvents(events: readonly OrderEventRecord[]): Promise<string[]> {
  const busName = process.env.ORDER_EVENT_BUS_NAME;
  if (!busName) {
    logger.warn('ORDER_EVENT_BUS_NAME is not set: order events stay in the outbox');
    return [];
  }
  const accepted: string[] = [];
  for (let start = 0; start < events.length; start += PUT_EVENTS_MAX_ENTRIES) {
    const batch = events.slice(start, start + PUT_EVENTS_MAX_ENTRIES);
    try {
      const { Entries = [] } = await eventBridge.send(
        new PutEventsCommand({ Entries: batch.map((event) => toEntry(event, busName)) }),
      );
      // Result entries are positional: the i-th answers the i-th request entry.
      batch.forEach((event, index) => {
        const result = Entries[index];
        if (result?.EventId && !result.ErrorCode) accepted.push(event.id);
        else
          logger.warn('EventBridge refused an order event', {
            eventId: event.id,
            errorCode: result?.ErrorCode,
          });
      });
    } catch (error) {
      logger.warn('PutEvents failed: the relay will retry', {
        error: (error as Error).message,
        count: batch.length,
      });
    }
  }
  return accepted;
}
