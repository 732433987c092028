import { createHash } from 'node:crypto';
import type pg from 'pg';
import { IdempotencyConflictError } from '../core/errors.ts';
import { isUniqueViolation, type Queryable, withTransaction } from './transaction.ts';

/**
 * Idempotency keys for writes a retry could repeat (placing an order, creating a product, moving
 * stock): per caller and key, the first request's response is stored in the same transaction as
 * its write; the same request again gets that response back, another request with the key a 409.
 */
export interface IdempotencyScope {
  ownerSub: string;
  key: string;
  /** SHA-256 of the canonical request (`fingerprint`). */
  requestHash: string;
}

/** What a first request stores: its response, and the order or product it is about. */
export interface StoredResponse {
  status: number;
  body: unknown;
  subject: { orderId: string } | { productId: string };
}

export function fingerprint(canonical: unknown): string {
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

async function findStoredResponse(db: Queryable, scope: IdempotencyScope): Promise<unknown> {
  const { rows } = await db.query(
    'SELECT request_hash, response_body FROM idempotency_keys WHERE owner_sub = $1 AND key = $2',
    [scope.ownerSub, scope.key],
  );
  const stored = rows[0];
  if (!stored) return undefined;
  if (stored.request_hash !== scope.requestHash) throw new IdempotencyConflictError();
  return stored.response_body;
}

/** Stores the response of the first request under its key (inside the write's transaction). */
export async function storeResponse(
  client: pg.PoolClient,
  scope: IdempotencyScope,
  response: StoredResponse,
): Promise<void> {
  const subject = response.subject;
  await client.query(
    `INSERT INTO idempotency_keys (owner_sub, key, request_hash, order_id, product_id, response_status, response_body)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      scope.ownerSub,
      scope.key,
      scope.requestHash,
      'orderId' in subject ? subject.orderId : null,
      'productId' in subject ? subject.productId : null,
      response.status,
      JSON.stringify(response.body),
    ],
  );
}

/**
 * Runs `write` in one transaction unless the key was used before: then `replay` rebuilds the
 * answer from the stored response. `write` must call `storeResponse`. A concurrent request with
 * the same key that commits first makes this one a replay of it.
 */
export async function runOnce<Result>(
  pool: pg.Pool,
  scope: IdempotencyScope,
  write: (client: pg.PoolClient) => Promise<Result>,
  replay: (storedBody: unknown) => Result,
): Promise<Result> {
  const earlier = await findStoredResponse(pool, scope);
  if (earlier !== undefined) return replay(earlier);
  try {
    return await withTransaction(pool, write);
  } catch (error) {
    if (isUniqueViolation(error, 'idempotency_keys_pkey')) {
      const winner = await findStoredResponse(pool, scope);
      if (winner !== undefined) return replay(winner);
    }
    throw error;
  }
}
