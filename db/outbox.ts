import type pg from 'pg';
import { EVENT_COLUMNS, type OrderEventRecord, toOrderEvent } from './order-rows.ts';
import { type Queryable, withTransaction } from './transaction.ts';

/**
 * The transactional outbox. Events are written in the same transaction as the change they record
 * (see orders-repository); these functions move them out. Delivery is at least once: a crash after
 * publishing and before marking publishes again, which clients absorb by event id and version.
 */

/** Marks events published (used right after commit by the handler that wrote them). Idempotent. */
export async function markPublished(db: Queryable, eventIds: readonly string[]): Promise<number> {
  if (eventIds.length === 0) return 0;
  const { rowCount } = await db.query(
    'UPDATE order_events SET published_at = greatest(now(), occurred_at) WHERE id = ANY($1::uuid[]) AND published_at IS NULL',
    [eventIds],
  );
  return rowCount ?? 0;
}

/**
 * Publishes one batch of unpublished events, oldest first. The rows stay locked (FOR UPDATE SKIP
 * LOCKED) while `publish` runs, so relays running at once take disjoint batches; `publish` returns
 * the ids it delivered and only those are marked. Returns how many were marked.
 */
export function publishPendingBatch(
  pool: pg.Pool,
  input: { limit: number; publish: (events: OrderEventRecord[]) => Promise<readonly string[]> },
): Promise<number> {
  return withTransaction(pool, async (client) => {
    const { rows } = await client.query(
      `SELECT ${EVENT_COLUMNS} FROM order_events e
        WHERE e.published_at IS NULL
        ORDER BY e.seq
        LIMIT $1
        FOR UPDATE SKIP LOCKED`,
      [input.limit],
    );
    if (rows.length === 0) return 0;
    const delivered = await input.publish(rows.map(toOrderEvent));
    return markPublished(client, delivered);
  });
}

/** Age in seconds of the oldest unpublished event (the outbox-lag metric), or null when none wait. */
export async function oldestUnpublishedAgeSeconds(db: Queryable): Promise<number | null> {
  const { rows } = await db.query(
    `SELECT extract(epoch FROM now() - occurred_at)::float8 AS age
       FROM order_events WHERE published_at IS NULL ORDER BY seq LIMIT 1`,
  );
  return rows[0] ? Math.max(0, Number(rows[0].age)) : null;
}
