import type pg from 'pg';
import type { Caller } from '../core/caller.ts';
import { OrderNotFoundError, TransitionRefusedError, VersionConflictError } from '../core/errors.ts';
import {
  type Actor,
  type Decision,
  decideAction,
  decideTransition,
  type OrderStatus,
} from '../core/order-lifecycle.ts';
import type { CreateOrderRequest } from '../core/order-requests.ts';
import { type CataloguePrice, priceOrder } from '../core/pricing.ts';
import { cursorScope, cursorTimestampSql, decodeCursor, toPage } from './cursor.ts';
import { fingerprint, type IdempotencyScope, runOnce, storeResponse } from './idempotency.ts';
import {
  EVENT_COLUMNS,
  ORDER_COLUMNS,
  type OrderDetail,
  type OrderEventRecord,
  type OrderSummary,
  type Page,
  toOrderEvent,
  toOrderItem,
  toOrderSummary,
} from './order-rows.ts';
import { reserveStock, settleReservations } from './stock.ts';
import { type Queryable, withTransaction } from './transaction.ts';

export interface Customer {
  sub: string;
  email: string;
}

function actorFor(caller: Caller, ownerSub: string): Actor {
  return { role: caller.role, isOwner: caller.sub === ownerSub };
}

/** A stable fingerprint of a create request: same items in the same order and currency. */
export function fingerprintCreateRequest(request: CreateOrderRequest): string {
  return fingerprint([request.currency, request.items.map((item) => [item.productId, item.quantity])]);
}

export interface CreateOrderResult {
  order: OrderDetail;
  /** True when the key was seen before with the same request: `order` is the stored first response. */
  replayed: boolean;
  /** Outbox events this call wrote (none on a replay), to publish after commit. */
  newEvents: OrderEventRecord[];
}

/**
 * Places an order, idempotently per (customer, key): the first request creates it; the same
 * request again returns the first response; a different request with that key is refused.
 * Everything (order, items, stock reservations, placed event, key) is one transaction.
 */
export function createOrder(
  pool: pg.Pool,
  input: { customer: Customer; idempotencyKey: string; request: CreateOrderRequest },
): Promise<CreateOrderResult> {
  const { customer, idempotencyKey, request } = input;
  const scope = {
    ownerSub: customer.sub,
    key: idempotencyKey,
    requestHash: fingerprintCreateRequest(request),
  };
  return runOnce(
    pool,
    scope,
    (client) => insertOrder(client, customer, scope, request),
    (stored) => ({ order: stored as OrderDetail, replayed: true, newEvents: [] }),
  );
}

async function loadPrices(
  client: pg.PoolClient,
  request: CreateOrderRequest,
): Promise<Map<string, CataloguePrice>> {
  const { rows } = await client.query(
    `SELECT p.id, p.name, p.active, pp.unit_amount
       FROM products p JOIN product_prices pp ON pp.product_id = p.id AND pp.currency = $1
      WHERE p.id = ANY($2::uuid[])
      ORDER BY p.id
        -- Holds off a retirement or price change until this order commits or rolls back.
        FOR SHARE OF p`,
    [request.currency, request.items.map((item) => item.productId)],
  );
  return new Map(
    rows.map((row) => [
      row.id as string,
      { productId: row.id, name: row.name, active: row.active, unitAmount: Number(row.unit_amount) },
    ]),
  );
}

async function insertOrder(
  client: pg.PoolClient,
  customer: Customer,
  idempotency: IdempotencyScope,
  request: CreateOrderRequest,
): Promise<CreateOrderResult> {
  const priced = priceOrder(request, await loadPrices(client, request));
  await reserveStock(
    client,
    priced.lines.map((line, index) => ({
      path: `items.${index}.productId`,
      productId: line.productId,
      quantity: line.quantity,
    })),
  );
  const orderRows = await client.query(
    `INSERT INTO orders AS o (owner_sub, owner_email, currency, total_amount, item_count)
     VALUES ($1, $2, $3, $4, $5) RETURNING ${ORDER_COLUMNS}`,
    [customer.sub, customer.email, priced.currency, priced.totalAmount, priced.itemCount],
  );
  const order = toOrderSummary(orderRows.rows[0]);
  const itemRows = await client.query(
    `INSERT INTO order_items (order_id, owner_sub, stock_state, line_no, product_id, product_name, quantity, unit_amount, line_amount)
     SELECT $1, $2, 'HELD', * FROM unnest($3::smallint[], $4::uuid[], $5::text[], $6::int[], $7::bigint[], $8::bigint[])
     RETURNING line_no, product_id, product_name, quantity, unit_amount, line_amount`,
    [
      order.id,
      order.ownerSub,
      priced.lines.map((line) => line.lineNo),
      priced.lines.map((line) => line.productId),
      priced.lines.map((line) => line.productName),
      priced.lines.map((line) => line.quantity),
      priced.lines.map((line) => line.unitAmount),
      priced.lines.map((line) => line.lineAmount),
    ],
  );
  const event = await insertEvent(client, {
    order,
    type: 'ORDER_PLACED',
    actor: { sub: customer.sub, role: 'CUSTOMER' },
    fromStatus: null,
  });
  const detail: OrderDetail = {
    ...order,
    items: itemRows.rows.map(toOrderItem).sort((a, b) => a.lineNo - b.lineNo),
    events: [event],
  };
  await storeResponse(client, idempotency, { status: 201, body: detail, subject: { orderId: order.id } });
  return { order: detail, replayed: false, newEvents: [event] };
}

async function insertEvent(
  client: pg.PoolClient,
  input: {
    order: OrderSummary;
    type: OrderEventRecord['type'];
    actor: Caller;
    fromStatus: OrderStatus | null;
  },
): Promise<OrderEventRecord> {
  const { order, type, actor, fromStatus } = input;
  const { rows } = await client.query(
    `INSERT INTO order_events AS e (order_id, owner_sub, type, actor_sub, actor_role, from_status, to_status, order_version)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${EVENT_COLUMNS}`,
    [order.id, order.ownerSub, type, actor.sub, actor.role, fromStatus, order.status, order.version],
  );
  return toOrderEvent(rows[0]);
}

/**
 * One order with its items and its event history, or null when it does not exist or is not the
 * caller's (the two are indistinguishable on purpose). One round trip.
 */
export async function getOrder(
  db: Queryable,
  input: { caller: Caller; orderId: string },
): Promise<OrderDetail | null> {
  const { caller, orderId } = input;
  const { rows } = await db.query(
    `SELECT ${ORDER_COLUMNS},
        (SELECT coalesce(json_agg(i ORDER BY i.line_no), '[]') FROM order_items i WHERE i.order_id = o.id) AS items,
        (SELECT coalesce(json_agg(e ORDER BY e.order_version), '[]') FROM order_events e WHERE e.order_id = o.id) AS events
       FROM orders o
      WHERE o.id = $1 AND ($2 = 'ADMIN' OR o.owner_sub = $3)`,
    [orderId, caller.role, caller.sub],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    ...toOrderSummary(row),
    items: (row.items as Record<string, unknown>[]).map(toOrderItem),
    events: (row.events as Record<string, unknown>[]).map(toOrderEvent),
  };
}

export interface ChangeResult {
  order: OrderDetail;
  newEvents: OrderEventRecord[];
}

/** Admin lifecycle moves: `to` names the target status, `expectedVersion` the version the admin saw. */
export function changeStatus(
  pool: pg.Pool,
  input: { caller: Caller; orderId: string; to: OrderStatus; expectedVersion: number },
): Promise<ChangeResult> {
  return applyDecision(pool, input, (from, actor) => decideTransition(from, input.to, actor), input.to);
}

/** Cancel: the owner while PENDING, an admin while not final. Without a version, the current one. */
export function cancelOrder(
  pool: pg.Pool,
  input: { caller: Caller; orderId: string; expectedVersion?: number },
): Promise<ChangeResult> {
  return applyDecision(pool, input, (from, actor) => decideAction(from, 'CANCEL', actor), 'CANCELLED');
}

/**
 * The one path by which an order changes status: lock the row, check visibility, version and
 * lifecycle, update, and write the outbox event, all in one transaction.
 */
async function applyDecision(
  pool: pg.Pool,
  input: { caller: Caller; orderId: string; expectedVersion?: number },
  decide: (from: OrderStatus, actor: Actor) => Decision,
  requested: OrderStatus,
): Promise<ChangeResult> {
  const { caller, orderId, expectedVersion } = input;
  return withTransaction(pool, async (client) => {
    const { rows } = await client.query(`SELECT ${ORDER_COLUMNS} FROM orders o WHERE o.id = $1 FOR UPDATE`, [
      orderId,
    ]);
    const current = rows[0] ? toOrderSummary(rows[0]) : null;
    const actor = current ? actorFor(caller, current.ownerSub) : null;
    if (!current || !actor || (caller.role !== 'ADMIN' && !actor.isOwner))
      throw new OrderNotFoundError(orderId);
    if (expectedVersion !== undefined && expectedVersion !== current.version) {
      throw new VersionConflictError(expectedVersion, current.version);
    }
    const decision = decide(current.status, actor);
    if (!decision.allowed) throw new TransitionRefusedError(decision, requested);
    const updated = await client.query(
      `UPDATE orders o SET status = $2, version = version + 1, updated_at = greatest(now(), o.created_at)
        WHERE o.id = $1 RETURNING ${ORDER_COLUMNS}`,
      [orderId, decision.to],
    );
    const order = toOrderSummary(updated.rows[0]);
    if (decision.to === 'CANCELLED') await settleReservations(client, orderId, 'RELEASED');
    if (decision.to === 'DELIVERED') await settleReservations(client, orderId, 'CONSUMED');
    const event = await insertEvent(client, {
      order,
      type: 'ORDER_STATUS_CHANGED',
      actor: caller,
      fromStatus: current.status,
    });
    const detail = await getOrder(client, { caller, orderId });
    if (!detail) throw new OrderNotFoundError(orderId);
    return { order: detail, newEvents: [event] };
  });
}

/** Filters every order listing takes: status, and a creation window. */
export interface OrderListFilter {
  status?: OrderStatus;
  /** Inclusive lower bound on created_at (ISO timestamp). */
  createdFrom?: string;
  /** Exclusive upper bound on created_at (ISO timestamp). */
  createdTo?: string;
}

export interface ListAllFilter extends OrderListFilter {
  ownerEmail?: string;
}

type PageRequest = { limit: number; cursor?: string | null };

/**
 * A customer's orders, newest first, by keyset (never OFFSET: page 50 costs what page 1 does),
 * served by orders_owner_created_idx. `ownerSub` must come from the verified caller: it is the
 * only thing that decides whose rows these are, and the cursor is bound to it and the filters.
 */
export function listOrdersForOwner(
  db: Queryable,
  input: OrderListFilter & PageRequest & { ownerSub: string },
): Promise<Page<OrderSummary>> {
  const query = filteredQuery(input);
  query.add((p) => `o.owner_sub = ${p}`, input.ownerSub);
  const scope = cursorScope('owner', input.ownerSub, input.status, input.createdFrom, input.createdTo);
  return listPage(db, query, input, scope);
}

/** All orders for admins, newest first, optionally filtered; each filter has an index behind it. */
export function listAllOrders(
  db: Queryable,
  input: ListAllFilter & PageRequest,
): Promise<Page<OrderSummary>> {
  const query = filteredQuery(input);
  if (input.ownerEmail) query.add((p) => `lower(o.owner_email) = lower(${p})`, input.ownerEmail);
  const scope = cursorScope('all', input.status, input.createdFrom, input.createdTo, input.ownerEmail);
  return listPage(db, query, input, scope);
}

interface WhereClause {
  conditions: string[];
  params: unknown[];
  /** Binds `value` and returns its placeholder. */
  bind(value: unknown): string;
  /** Adds a condition on one bound value. */
  add(sql: (placeholder: string) => string, value: unknown): void;
}

function filteredQuery(filter: OrderListFilter): WhereClause {
  const where: WhereClause = {
    conditions: [],
    params: [],
    bind(value) {
      where.params.push(value);
      return `$${where.params.length}`;
    },
    add(sql, value) {
      where.conditions.push(sql(where.bind(value)));
    },
  };
  if (filter.status) where.add((p) => `o.status = ${p}`, filter.status);
  if (filter.createdFrom) where.add((p) => `o.created_at >= ${p}::timestamptz`, filter.createdFrom);
  if (filter.createdTo) where.add((p) => `o.created_at < ${p}::timestamptz`, filter.createdTo);
  return where;
}

async function listPage(
  db: Queryable,
  where: WhereClause,
  page: PageRequest,
  scope: string,
): Promise<Page<OrderSummary>> {
  if (page.cursor) {
    const cursor = decodeCursor(page.cursor, scope);
    where.conditions.push(
      `(o.created_at, o.id) < (${where.bind(cursor.createdAt)}::timestamptz, ${where.bind(cursor.id)}::uuid)`,
    );
  }
  const limitPlaceholder = where.bind(page.limit + 1);
  const { rows } = await db.query(
    `SELECT ${ORDER_COLUMNS}, ${cursorTimestampSql('o.created_at')} AS cursor_created_at
       FROM orders o
      ${where.conditions.length ? `WHERE ${where.conditions.join(' AND ')}` : ''}
      ORDER BY o.created_at DESC, o.id DESC
      LIMIT ${limitPlaceholder}`,
    where.params,
  );
  return toPage(rows, page.limit, toOrderSummary, scope);
}
