import '../../tests/support/function-env.ts';
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { OrderEventRecord } from '../../db/order-rows.ts';
import { publishOrderEvents } from './event-bus.ts';

const eventBridge = mockClient(EventBridgeClient);
const BUS = 'orders-bus';

function orderEvent(index: number): OrderEventRecord {
  return {
    id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
    orderId: '10000000-0000-4000-8000-000000000000',
    ownerSub: 'owner',
    type: 'ORDER_STATUS_CHANGED',
    actorSub: 'admin',
    actorRole: 'ADMIN',
    fromStatus: 'PENDING',
    toStatus: 'CONFIRMED',
    orderVersion: index + 1,
    occurredAt: '2026-01-01T00:00:00.000Z',
    publishedAt: null,
  };
}

describe('publishOrderEvents', () => {
  beforeEach(() => {
    eventBridge.reset();
    eventBridge.on(PutEventsCommand).callsFake((input: { Entries: PutEventsRequestEntry[] }) => ({
      FailedEntryCount: 0,
      Entries: input.Entries.map((_, index) => ({ EventId: `eb-${index}` })),
    }));
  });

  it('given 25 events, when published, then PutEvents is called with batches of at most ten', async () => {
    const events = Array.from({ length: 25 }, (_, index) => orderEvent(index));
    const accepted = await publishOrderEvents(events, BUS);
    expect(
      eventBridge.commandCalls(PutEventsCommand).map((call) => call.args[0].input.Entries?.length),
    ).toEqual([10, 10, 5]);
    expect(accepted).toEqual(events.map((event) => event.id));
  });

  it('given an event, when published, then the detail carries its id and the order version', async () => {
    await publishOrderEvents([orderEvent(4)], BUS);
    const detail = JSON.parse(
      String(eventBridge.commandCalls(PutEventsCommand)[0]?.args[0].input.Entries?.[0]?.Detail),
    );
    expect(detail).toEqual({
      eventId: orderEvent(4).id,
      orderId: orderEvent(4).orderId,
      ownerSub: 'owner',
      type: 'ORDER_STATUS_CHANGED',
      fromStatus: 'PENDING',
      toStatus: 'CONFIRMED',
      orderVersion: 5,
      occurredAt: '2026-01-01T00:00:00.000Z',
    });
  });

  it('given EventBridge refuses one entry, when published, then only the others are reported delivered', async () => {
    eventBridge
      .on(PutEventsCommand)
      .resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'ThrottlingException' }, { EventId: 'ok' }] });
    expect(await publishOrderEvents([orderEvent(0), orderEvent(1)], BUS)).toEqual([orderEvent(1).id]);
  });

  it('given PutEvents throws, when published, then nothing is reported delivered and nothing is thrown', async () => {
    eventBridge.on(PutEventsCommand).rejects(new Error('network down'));
    expect(await publishOrderEvents([orderEvent(0)], BUS)).toEqual([]);
  });
});
