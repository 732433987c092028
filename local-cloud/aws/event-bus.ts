import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { localArn } from '../iam/function-policies.ts';
import { type Authorize, sendAccessDenied } from '../iam/signed-api.ts';
import { type LocalService, parseJson, sendJson } from '../service.ts';
import { readJsonOperation } from './json-protocol.ts';

/**
 * EventBridge's PutEvents on one custom bus, and rules that match an event's source and
 * detail-type and deliver it to a target asynchronously, with retries, as EventBridge does. A
 * delivery that keeps failing lands in the dead-letter list (logged), never back with the caller.
 */
export interface BusEvent {
  id: string;
  source: string;
  'detail-type': string;
  detail: unknown;
  time: string;
}

export interface EventRule {
  name: string;
  source: string;
  detailType: string;
  target: (event: BusEvent) => Promise<void>;
}

export interface LocalEventBus extends LocalService {
  /** Resolves when every delivery started so far has finished (tests, shutdown). */
  drain(): Promise<void>;
  readonly deadLetters: ReadonlyArray<{ rule: string; event: BusEvent; error: string }>;
}

const putEventsSchema = z.object({
  Entries: z
    .array(
      z.object({
        EventBusName: z.string().optional(),
        Source: z.string().optional(),
        DetailType: z.string().optional(),
        Detail: z.string().optional(),
        Time: z.union([z.number(), z.string()]).optional(),
      }),
    )
    .min(1)
    .max(10),
});

export function createLocalEventBus(options: {
  busName: string;
  rules: EventRule[];
  retryAttempts?: number;
  retryDelayMs?: number;
  /** Each entry is authorized as events:PutEvents on its bus, with its source and detail-type. */
  authorize: Authorize;
}): LocalEventBus {
  const inFlight = new Set<Promise<void>>();
  const deadLetters: Array<{ rule: string; event: BusEvent; error: string }> = [];
  const attempts = 1 + (options.retryAttempts ?? 3);

  const deliver = async (rule: EventRule, event: BusEvent) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await rule.target(event);
        return;
      } catch (error) {
        if (attempt >= attempts) {
          deadLetters.push({ rule: rule.name, event, error: (error as Error).message });
          console.warn(
            `[local-cloud] event bus: ${rule.name} failed ${attempt} times; dead-lettered`,
            (error as Error).message,
          );
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, (options.retryDelayMs ?? 200) * attempt));
      }
    }
  };

  return {
    deadLetters,
    async drain() {
      while (inFlight.size) await Promise.all([...inFlight]);
    },
    async handle(request, response) {
      const input = await readJsonOperation(request, response, {
        operation: 'AWSEvents.PutEvents',
        schema: putEventsSchema,
        invalidBodyError: 'ValidationException',
      });
      if (!input) return;
      for (const entry of input.Entries) {
        const denied = options.authorize(request, {
          action: 'events:PutEvents',
          resource: entry.EventBusName?.startsWith('arn:')
            ? entry.EventBusName
            : localArn('events', `event-bus/${entry.EventBusName ?? 'default'}`),
          context: { 'events:source': entry.Source ?? '', 'events:detail-type': entry.DetailType ?? '' },
        });
        if (denied) return sendAccessDenied(response, 'json', denied);
      }
      const results = input.Entries.map((entry) => {
        if ((entry.EventBusName ?? 'default') !== options.busName) {
          return {
            ErrorCode: 'ResourceNotFoundException',
            ErrorMessage: `Event bus ${entry.EventBusName} does not exist.`,
          };
        }
        const detail = entry.Detail === undefined ? undefined : parseJson(entry.Detail);
        if (!entry.Source || !entry.DetailType || typeof detail !== 'object' || detail === null) {
          return {
            ErrorCode: 'MalformedDetail',
            ErrorMessage: 'Source, DetailType and a JSON object Detail are required.',
          };
        }
        const event: BusEvent = {
          id: randomUUID(),
          source: entry.Source,
          'detail-type': entry.DetailType,
          detail,
          time: eventTime(entry.Time).toISOString(),
        };
        for (const rule of options.rules) {
          if (rule.source !== event.source || rule.detailType !== event['detail-type']) continue;
          const delivery = deliver(rule, event).finally(() => inFlight.delete(delivery));
          inFlight.add(delivery);
        }
        return { EventId: event.id };
      });
      sendJson(
        response,
        200,
        { FailedEntryCount: results.filter((result) => 'ErrorCode' in result).length, Entries: results },
        { 'content-type': 'application/x-amz-json-1.1' },
      );
    },
  };
}

/** The JSON protocol sends timestamps as epoch seconds; accept ISO text too. */
function eventTime(time: number | string | undefined): Date {
  if (time === undefined) return new Date();
  const date = typeof time === 'number' ? new Date(time * 1000) : new Date(time);
  return Number.isNaN(date.getTime()) ? new Date() : date;
}
