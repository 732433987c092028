import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { ORDER_EVENT_DETAIL_TYPE, ORDER_EVENT_SOURCE } from '../../core/order-events.ts';
import type { OrderEventRecord } from '../../db/order-rows.ts';
import { toOrderEventMessage } from '../../db/outbox.ts';
import type { ReportJob } from '../report/report-job.ts';
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

/**
 * Asks for a report run: a rule on the bus invokes the report function with `{ reportId }`.
 * Throws when the bus refuses, so the caller can answer 503 and the admin retry.
 */
export async function publishReportRequest(job: ReportJob): Promise<void> {
  const {
    ORDER_EVENT_BUS_NAME: busName,
    REPORT_REQUEST_SOURCE: source,
    REPORT_REQUEST_DETAIL_TYPE: detailType,
  } = process.env;
  if (!busName || !source || !detailType) {
    logger.warn('The report request bus is not configured: the report stays PENDING until the schedule runs');
    return;
  }
  const { FailedEntryCount, Entries } = await eventBridge.send(
    new PutEventsCommand({
      Entries: [
        { EventBusName: busName, Source: source, DetailType: detailType, Detail: JSON.stringify(job) },
      ],
    }),
  );
  if (FailedEntryCount) throw new Error(`EventBridge refused the report request: ${Entries?.[0]?.ErrorCode}`);
}
