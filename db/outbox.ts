import type pg from 'pg';
import type { CatalogueEventMessage } from '../core/catalogue-events.ts';
import { EVENT_COLUMNS, type OrderEventRecord, toOrderEvent } from './order-rows.ts';
import { type Queryable, withTransaction } from './transaction.ts';

/**
 * The transactional outboxes. Events are written in the same transaction as the change they record
 * (order events by orders-repository; catalogue events by the database's triggers, migration 0004);
 * these functions move them out. Delivery is at least once: a crash after publishing and before
 * marking publishes again, which clients absorb by event id and version (or revision).
 */
export interface Outbox<Event extends { id: string }> {
  table: 'order_events' | 'catalogue_events';
  /** The columns of an event, from the table aliased `e`. */
  columns: string;
  toEvent: (row: Record<string, unknown>) => Event;
}

export const ORDER_OUTBOX: Outbox<OrderEventRecord> = {
  table: 'order_events',
  columns: EVENT_COLUMNS,
  toEvent: toOrderEvent,
};

/** A catalogue event as the outbox holds it: the message subscribers receive, with its row id. */
export interface CatalogueEventRecord extends Omit<CatalogueEventMessage, 'eventId'> {
  id: string;
}

export const CATALOGUE_OUTBOX: Outbox<CatalogueEventRecord> = {
  table: 'catalogue_events',
  columns: 'e.id, e.seq, e.product_id, e.type, e.level, e.available_when_low, e.occurred_at',
  toEvent: (row) => ({
    id: String(row.id),
    productId: String(row.product_id),
    type: row.type as CatalogueEventRecord['type'],
    revision: Number(row.seq),
    level: row.level as CatalogueEventRecord['level'],
    availableWhenLow: row.available_when_low == null ? null : Number(row.available_when_low),
    occurredAt: (row.occurred_at instanceof Date
      ? row.occurred_at
      : new Date(String(row.occurred_at))
    ).toISOString(),
  }),
};

/** Marks events published (used right after commit by the handler that wrote them). Idempotent. */
export async function markPublished(
  db: Queryable,
  eventIds: readonly string[],
  outbox: Outbox<{ id: string }> = ORDER_OUTBOX,
): Promise<number> {
  if (eventIds.length === 0) return 0;
  const { rowCount } = await db.query(
    `UPDATE ${outbox.table} SET published_at = greatest(now(), occurred_at) WHERE id = ANY($1::uuid[]) AND published_at IS NULL`,
    [eventIds],
  );
  return rowCount ?? 0;
}

/**
 * Publishes one batch of unpublished events, oldest first. The rows stay locked (FOR UPDATE SKIP
 * LOCKED) while `publish` runs, so relays running at once take disjoint batches; `publish` returns
 * the ids it delivered and only those are marked. Returns how many were marked.
 */
export function publishPendingFrom<Event extends { id: string }>(
  outbox: Outbox<Event>,
  pool: pg.Pool,
  input: { limit: number; publish: (events: Event[]) => Promise<readonly string[]> },
): Promise<number> {
  return withTransaction(pool, async (client) => {
    const { rows } = await client.query(
      `SELECT ${outbox.columns} FROM ${outbox.table} e
        WHERE e.published_at IS NULL
        ORDER BY e.seq
        LIMIT $1
        FOR UPDATE SKIP LOCKED`,
      [input.limit],
    );
    if (rows.length === 0) return 0;
    const delivered = await input.publish(rows.map(outbox.toEvent));
    return markPublished(client, delivered, outbox);
  });
}

/** `publishPendingFrom` the order outbox. */
export function publishPendingBatch(
  pool: pg.Pool,
  input: { limit: number; publish: (events: OrderEventRecord[]) => Promise<readonly string[]> },
): Promise<number> {
  return publishPendingFrom(ORDER_OUTBOX, pool, input);
}

/**
 * A handler's own catalogue events, to publish right after its commit: the unpublished events of
 * the products it changed (the triggers wrote them; another writer's, if any, go out too, which
 * at-least-once delivery allows).
 */
export async function unpublishedCatalogueEvents(
  db: Queryable,
  productIds: readonly string[],
): Promise<CatalogueEventRecord[]> {
  const { rows } = await db.query(
    `SELECT ${CATALOGUE_OUTBOX.columns} FROM catalogue_events e
      WHERE e.published_at IS NULL AND e.product_id = ANY($1::uuid[])
      ORDER BY e.seq LIMIT 100`,
    [productIds],
  );
  return rows.map(CATALOGUE_OUTBOX.toEvent);
}

/** Age in seconds of the oldest unpublished event (the outbox-lag metric), or null when none wait. */
export async function oldestUnpublishedAgeSeconds(
  db: Queryable,
  outbox: Outbox<{ id: string }> = ORDER_OUTBOX,
): Promise<number | null> {
  const { rows } = await db.query(
    `SELECT extract(epoch FROM now() - occurred_at)::float8 AS age
       FROM ${outbox.table} WHERE published_at IS NULL ORDER BY seq LIMIT 1`,
  );
  return rows[0] ? Math.max(0, Number(rows[0].age)) : null;
}
