import type { InfiniteData } from '@tanstack/react-query';
import { isNewerThan, type OrderEventMessage } from '../../core/order-events.ts';
import type { OrderWithTimeline } from '../api/orders.ts';

/**
 * Applying realtime order events to what a view already holds. Delivery is at least once and
 * unordered, so the order's version decides: an event is applied only when it is newer than the
 * version the view knows (equal is a duplicate, lower is stale). Returns null when nothing changes.
 */
export function applyEventToDetail(
  detail: OrderWithTimeline,
  event: OrderEventMessage,
): OrderWithTimeline | null {
  if (event.orderId !== detail.order.id || !isNewerThan(detail.order.version, event)) return null;
  return {
    ...detail,
    order: withEvent(detail.order, event),
    events: [
      ...detail.events.filter((entry) => entry.id !== event.eventId),
      {
        id: event.eventId,
        type: event.type,
        from_status: event.fromStatus,
        to_status: event.toStatus,
        order_version: event.orderVersion,
        occurred_at: event.occurredAt,
      },
    ].sort((a, b) => a.order_version - b.order_version),
  };
}

/** What the rule needs of an order row: the customer's records and the admin console's rows. */
interface VersionedOrder {
  id: string;
  status: string;
  version: number;
}

/** The same rule for a list of orders; null when no order in it changes. */
export function applyEventToList<Row extends VersionedOrder>(
  orders: Row[],
  event: OrderEventMessage,
): Row[] | null {
  let changed = false;
  const next = orders.map((order) => {
    if (order.id !== event.orderId || !isNewerThan(order.version, event)) return order;
    changed = true;
    return withEvent(order, event);
  });
  return changed ? next : null;
}

function withEvent<Row extends VersionedOrder>(order: Row, event: OrderEventMessage): Row {
  return {
    ...order,
    status: event.toStatus,
    version: event.orderVersion,
    ...('updated_at' in order && { updated_at: event.occurredAt }),
  };
}

/** The same rule for loaded pages ("My orders", the admin console); null when no order in them changes. */
export function applyEventToPages<Page extends { orders: VersionedOrder[] }, Cursor>(
  data: InfiniteData<Page, Cursor>,
  event: OrderEventMessage,
): InfiniteData<Page, Cursor> | null {
  let changed = false;
  const pages = data.pages.map((page) => {
    const orders = applyEventToList(page.orders, event);
    if (!orders) return page;
    changed = true;
    return { ...page, orders };
  });
  return changed ? { ...data, pages } : null;
}
