import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import {
  CATALOGUE_EVENT_DETAIL_TYPE,
  CATALOGUE_EVENT_SOURCE,
  type CatalogueEventMessage,
} from '../../core/catalogue-events.ts';
import { ORDER_EVENT_DETAIL_TYPE, ORDER_EVENT_SOURCE, toOrderEventMessage } from '../../core/order-events.ts';
import type { ReportJob } from '../../core/report-job.ts';
import type { OrderEventRecord } from '../../db/order-rows.ts';
import type { CatalogueEventRecord } from '../../db/outbox.ts';
import { logger } from './observability.ts';

const eventBridge = new EventBridgeClient({});

/** PutEvents takes at most ten entries per call. */
const PUT_EVENTS_MAX_ENTRIES = 10;

/** One outbox event as a PutEvents entry. */
interface BusEvent {
  id: string;
  entry: Omit<PutEventsRequestEntry, 'EventBusName'>;
}

function orderEntry(event: OrderEventRecord): BusEvent {
  return {
    id: event.id,
    entry: {
      Source: ORDER_EVENT_SOURCE,
      DetailType: ORDER_EVENT_DETAIL_TYPE,
      Detail: JSON.stringify(toOrderEventMessage(event)),
      Time: new Date(event.occurredAt),
    },
  };
}

function catalogueEntry(event: CatalogueEventRecord): BusEvent {
  const { id, ...message } = event;
  const detail: CatalogueEventMessage = { eventId: id, ...message };
  return {
    id,
    entry: {
      Source: CATALOGUE_EVENT_SOURCE,
      DetailType: CATALOGUE_EVENT_DETAIL_TYPE,
      Detail: JSON.stringify(detail),
      Time: new Date(event.occurredAt),
    },
  };
}

/**
 * Sends order events to the bus and returns the ids EventBridge accepted. A refused entry or a
 * failed call is left out (and logged), so the outbox keeps it for the relay: never throws.
 */
export function publishOrderEvents(events: readonly OrderEventRecord[], busName: string): Promise<string[]> {
  return putEvents(events.map(orderEntry), busName);
}

/** Sends catalogue events to the bus, as `publishOrderEvents` does order events. */
export function publishCatalogueEvents(
  events: readonly CatalogueEventRecord[],
  busName: string,
): Promise<string[]> {
  return putEvents(events.map(catalogueEntry), busName);
}

async function putEvents(events: readonly BusEvent[], busName: string): Promise<string[]> {
  const accepted: string[] = [];
  for (let start = 0; start < events.length; start += PUT_EVENTS_MAX_ENTRIES) {
    const batch = events.slice(start, start + PUT_EVENTS_MAX_ENTRIES);
    try {
      const { Entries = [] } = await eventBridge.send(
        new PutEventsCommand({ Entries: batch.map((event) => ({ ...event.entry, EventBusName: busName })) }),
      );
      // Result entries are positional: the i-th answers the i-th request entry.
      batch.forEach((event, index) => {
        const result = Entries[index];
        if (result?.EventId && !result.ErrorCode) accepted.push(event.id);
        else
          logger.warn('EventBridge refused an event', {
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
