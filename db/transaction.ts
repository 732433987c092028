import type pg from 'pg';

/** What a data function may run its statements on: the pool, or one connection (in a transaction). */
export type Queryable = pg.Pool | pg.ClientBase;

/**
 * Runs `work` on one pooled connection, then hands the connection back to the pool, or destroys it
 * when `work` failed and `reusableAfter` does not vouch for it: a connection that failed part-way
 * may still hold a lock or be mid-exchange with the server, and must not serve the next caller.
 */
export async function withConnection<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
  options: { reusableAfter?: (error: unknown) => boolean } = {},
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    return await work(client);
  } catch (error) {
    if (!options.reusableAfter?.(error)) broken = error instanceof Error ? error : new Error(String(error));
    throw error;
  } finally {
    client.release(broken);
  }
}

/**
 * Runs `work` in one transaction on one pooled connection: COMMIT when it resolves, ROLLBACK when it
 * throws, so no caller can leave half a write behind. `work` must use the client it is given, never
 * the pool: a second connection inside a transaction would not see its rows (and could wait on its
 * locks). After a clean ROLLBACK the connection is reused; one whose ROLLBACK failed is destroyed.
 */
export async function withTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  let rolledBack = false;
  return withConnection(
    pool,
    async (client) => {
      try {
        await client.query('BEGIN');
        const result = await work(client);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        rolledBack = await client.query('ROLLBACK').then(
          () => true,
          () => false,
        );
        throw error;
      }
    },
    { reusableAfter: () => rolledBack },
  );
}

/** PostgreSQL's SQLSTATE for a unique-constraint violation. */
export const UNIQUE_VIOLATION = '23505';

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const pgError = error as { code?: string; constraint?: string };
  return (
    pgError?.code === UNIQUE_VIOLATION && (constraint === undefined || pgError.constraint === constraint)
  );
}
