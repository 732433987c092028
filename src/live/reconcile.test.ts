import { describe, expect, it } from 'vitest';
import type { OrderEventMessage } from '../../core/order-events.ts';
import type { AdminOrderRow, OrderRecord, OrderWithTimeline } from '../api/orders.ts';
import { applyEventToDetail, applyEventToList, applyEventToPages } from './reconcile.ts';

const ORDER_ID = '00000000-0000-4000-8000-000000000001';

function order(version: number, status: string): OrderRecord {
  return {
    id: ORDER_ID,
    owner_sub: 'sub-1',
    owner_email: 'alice@example.com',
    status,
    currency: 'USD',
    total_amount: 1000,
    item_count: 1,
    version,
    created_at: '2026-01-01T00:00:00.000Z',
    updated_at: '2026-01-01T00:00:00.000Z',
  } as OrderRecord;
}

function detailAt(version: number, status: string): OrderWithTimeline {
  return {
    order: order(version, status),
    items: [],
    events: [
      {
        id: 'event-1',
        type: 'ORDER_PLACED',
        from_status: null,
        to_status: 'PENDING',
        order_version: 1,
        occurred_at: '2026-01-01T00:00:00.000Z',
      },
    ],
  };
}

function event(
  orderVersion: number,
  toStatus: OrderEventMessage['toStatus'],
  eventId = `event-${orderVersion}`,
) {
  return {
    eventId,
    orderId: ORDER_ID,
    ownerSub: 'sub-1',
    type: 'ORDER_STATUS_CHANGED',
    fromStatus: 'PENDING',
    toStatus,
    orderVersion,
    occurredAt: '2026-01-01T00:01:00.000Z',
  } satisfies OrderEventMessage;
}

describe('reconciling realtime order events by version', () => {
  it('given an order at version 1, when version 2 arrives, then the status, version and timeline follow it', () => {
    const next = applyEventToDetail(detailAt(1, 'PENDING'), event(2, 'CONFIRMED'));
    expect(next?.order).toMatchObject({ status: 'CONFIRMED', version: 2 });
    expect(next?.events.map((entry) => entry.to_status)).toEqual(['PENDING', 'CONFIRMED']);
  });

  it('given an order at version 2, when the same version arrives again, then it is ignored as a duplicate', () => {
    expect(applyEventToDetail(detailAt(2, 'CONFIRMED'), event(2, 'CONFIRMED'))).toBeNull();
  });

  it('given an order at version 3, when a late version 2 arrives, then it is ignored as stale', () => {
    expect(applyEventToDetail(detailAt(3, 'SHIPPED'), event(2, 'CONFIRMED'))).toBeNull();
  });

  it('given versions arriving out of order, when the older one comes last, then the newest status stays', () => {
    const afterNewest = applyEventToDetail(detailAt(1, 'PENDING'), event(3, 'SHIPPED'));
    if (!afterNewest) throw new Error('version 3 should apply');
    expect(applyEventToDetail(afterNewest, event(2, 'CONFIRMED'))).toBeNull();
    expect(afterNewest.order.status).toBe('SHIPPED');
  });

  it('given an event for another order, when applied to a detail, then nothing changes', () => {
    expect(
      applyEventToDetail(detailAt(1, 'PENDING'), { ...event(2, 'CONFIRMED'), orderId: 'other' }),
    ).toBeNull();
  });

  it('given a list holding the order, when a newer event arrives, then only that order changes', () => {
    const other = { ...order(5, 'PENDING'), id: 'other' };
    const next = applyEventToList([order(1, 'PENDING'), other], event(2, 'CANCELLED'));
    expect(next?.map((entry) => [entry.status, entry.version])).toEqual([
      ['CANCELLED', 2],
      ['PENDING', 5],
    ]);
  });

  it('given a list, when a stale event arrives, then the list is left as it is', () => {
    expect(applyEventToList([order(4, 'DELIVERED')], event(3, 'SHIPPED'))).toBeNull();
  });

  it("given the admin console's loaded pages, when a newer event arrives, then the row on its page changes and the cursors stay", () => {
    const row = (id: string, version: number): AdminOrderRow => ({
      ...order(version, 'PENDING'),
      id,
      cursor: '1767225600000000',
    });
    const data = {
      pages: [
        { orders: [row('newest', 1)], next: { position: '1767225600000000', id: 'newest' } },
        { orders: [row(ORDER_ID, 1)], next: null },
      ],
      pageParams: [null, { position: '1767225600000000', id: 'newest' }],
    };
    const next = applyEventToPages(data, event(2, 'CONFIRMED'));
    expect(next?.pages.map((page) => page.orders.map((entry) => entry.status))).toEqual([
      ['PENDING'],
      ['CONFIRMED'],
    ]);
    expect(next?.pageParams).toEqual(data.pageParams);
    expect(applyEventToPages(data, event(1, 'PENDING'))).toBeNull();
  });
});
