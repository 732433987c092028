import pg from 'pg';
import { createOrder } from '../../db/orders-repository.ts';

/**
 * The cold-start floor for `npm run bench:lambda`: the least a create-order Lambda could load, pg
 * and the repository's transaction (the same inserts as the orders API), with no router,
 * validation, Powertools, AWS SDK or event publishing. Bundled like the real handlers.
 */
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });

export const handler = async (event: { body: string; headers: Record<string, string> }) => {
  const { order } = await createOrder(pool, {
    customer: { sub: 'bench-customer', email: 'bench@example.com' },
    idempotencyKey: event.headers['idempotency-key'] ?? '',
    request: JSON.parse(event.body),
  });
  return { statusCode: 201, body: JSON.stringify(order) };
};
