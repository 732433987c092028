import type { OrderEventType } from '../core/order-events.ts';
import type { OrderStatus, Role } from '../core/order-lifecycle.ts';
import type { PricedLine } from '../core/pricing.ts';

/** The shapes the data layer returns: camelCase, money as integer minor units, times as ISO strings. */
export interface OrderSummary {
  id: string;
  ownerSub: string;
  ownerEmail: string;
  status: OrderStatus;
  currency: string;
  totalAmount: number;
  itemCount: number;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** A stored line item is exactly the line pricing produced when the order was placed. */
export type OrderItem = PricedLine;

export interface OrderEventRecord {
  id: string;
  orderId: string;
  ownerSub: string;
  type: OrderEventType;
  actorSub: string;
  actorRole: Role | 'SYSTEM';
  fromStatus: OrderStatus | null;
  toStatus: OrderStatus;
  orderVersion: number;
  occurredAt: string;
  publishedAt: string | null;
}

export interface OrderDetail extends OrderSummary {
  items: OrderItem[];
  events: OrderEventRecord[];
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Column lists, so every query that returns an order returns the same fields. */
export const ORDER_COLUMNS = `o.id, o.owner_sub, o.owner_email, o.status, o.currency, o.total_amount, o.item_count,
  o.version, o.created_at, o.updated_at`;

export const EVENT_COLUMNS = `e.id, e.order_id, e.owner_sub, e.type, e.actor_sub, e.actor_role, e.from_status,
  e.to_status, e.order_version, e.occurred_at, e.published_at`;

type Row = Record<string, unknown>;

function iso(value: unknown): string {
  return (value instanceof Date ? value : new Date(String(value))).toISOString();
}

/** int8 arrives from pg as a string (it may exceed 2^53); ours never do, by CHECK constraints. */
function int(value: unknown): number {
  const number = Number(value);
  if (!Number.isSafeInteger(number)) throw new RangeError(`Not a safe integer: ${String(value)}`);
  return number;
}

export function toOrderSummary(row: Row): OrderSummary {
  return {
    id: String(row.id),
    ownerSub: String(row.owner_sub),
    ownerEmail: String(row.owner_email),
    status: row.status as OrderStatus,
    currency: String(row.currency),
    totalAmount: int(row.total_amount),
    itemCount: int(row.item_count),
    version: int(row.version),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export function toOrderItem(row: Row): OrderItem {
  return {
    lineNo: int(row.line_no),
    productId: String(row.product_id),
    productName: String(row.product_name),
    quantity: int(row.quantity),
    unitAmount: int(row.unit_amount),
    lineAmount: int(row.line_amount),
  };
}

export function toOrderEvent(row: Row): OrderEventRecord {
  return {
    id: String(row.id),
    orderId: String(row.order_id),
    ownerSub: String(row.owner_sub),
    type: row.type as OrderEventType,
    actorSub: String(row.actor_sub),
    actorRole: row.actor_role as OrderEventRecord['actorRole'],
    fromStatus: (row.from_status as OrderStatus | null) ?? null,
    toStatus: row.to_status as OrderStatus,
    orderVersion: int(row.order_version),
    occurredAt: iso(row.occurred_at),
    publishedAt: row.published_at == null ? null : iso(row.published_at),
  };
}
