import type { OrderStatus } from './order-lifecycle.ts';

export const ORDER_EVENT_TYPES = ['ORDER_PLACED', 'ORDER_STATUS_CHANGED'] as const;
export type OrderEventType = (typeof ORDER_EVENT_TYPES)[number];

/**
 * What travels from the outbox through EventBridge and AppSync to subscribed browsers. Delivery is
 * at least once, so every message carries its id (to drop duplicates) and the order's version
 * after the change (to drop stale messages that arrive late).
 */
export interface OrderEventMessage {
  eventId: string;
  orderId: string;
  ownerSub: string;
  type: OrderEventType;
  fromStatus: OrderStatus | null;
  toStatus: OrderStatus;
  orderVersion: number;
  occurredAt: string;
}

/** What the outbox stores of an event, as far as the message needs it. */
export interface RecordedOrderEvent extends Omit<OrderEventMessage, 'eventId'> {
  id: string;
}

/** The wire message for a recorded event: only the fields subscribers may see. */
export function toOrderEventMessage(event: RecordedOrderEvent): OrderEventMessage {
  return {
    eventId: event.id,
    orderId: event.orderId,
    ownerSub: event.ownerSub,
    type: event.type,
    fromStatus: event.fromStatus,
    toStatus: event.toStatus,
    orderVersion: event.orderVersion,
    occurredAt: event.occurredAt,
  };
}

/** The EventBridge `source` and `detail-type` of order events; the rule to AppSync matches both. */
export const ORDER_EVENT_SOURCE = 'secure-orders.orders';
export const ORDER_EVENT_DETAIL_TYPE = 'OrderEvent';

/**
 * Should a client apply `incoming` on top of what it knows? Only when it is newer than the version
 * it holds: equal is a duplicate, lower is stale.
 */
export function isNewerThan(
  knownVersion: number | undefined,
  incoming: Pick<OrderEventMessage, 'orderVersion'>,
): boolean {
  return knownVersion === undefined || incoming.orderVersion > knownVersion;
}
