import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { ORDER_EVENT_DETAIL_TYPE, ORDER_EVENT_SOURCE, toOrderEventMessage } from '../../core/order-events.ts';
import type { ReportJob } from '../../core/report-job.ts';
import type { OrderEventRecord } from '../../db/order-rows.ts';
import { logger } from './observability.ts';

const eventBridge = new EventBridgeClient({});

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
export async function publishOrderEvents(
  events: readonly OrderEventRecord[],
  busName: string,
): Promise<string[]> {
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

/** Where report requests go: the bus, and the `source` and `detail-type` the report rule matches. */
export interface ReportRequestTarget {
  busName: string;
  source: string;
  detailType: string;
}

/**
 * Asks for a report run: a rule on the bus invokes the report function with `{ reportId }`.
 * Throws when the bus refuses, so the caller can answer 503 and the admin retry.
 */
export async function publishReportRequest(job: ReportJob, target: ReportRequestTarget): Promise<void> {
  const { FailedEntryCount, Entries } = await eventBridge.send(
    new PutEventsCommand({
      Entries: [
        {
          EventBusName: target.busName,
          Source: target.source,
          DetailType: target.detailType,
          Detail: JSON.stringify(job),
        },
      ],
    }),
  );
  if (FailedEntryCount) throw new Error(`EventBridge refused the report request: ${Entries?.[0]?.ErrorCode}`);
}
