import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { CreateOrderRequest } from '../../core/order-requests.ts';
import { type Customer, createOrder } from '../../db/orders-repository.ts';

/** A customer no other test uses, so tests sharing a database never see each other's orders. */
export function newCustomer(label = 'customer'): Customer {
  const sub = randomUUID();
  return { sub, email: `${label}-${sub.slice(0, 8)}@example.com` };
}

export async function productIds(pool: pg.Pool, currency = 'USD'): Promise<string[]> {
  const { rows } = await pool.query(
    `SELECT p.id FROM products p JOIN product_prices pp ON pp.product_id = p.id AND pp.currency = $1
      WHERE p.active ORDER BY p.sku`,
    [currency],
  );
  return rows.map((row) => row.id as string);
}

export async function placeOrder(pool: pg.Pool, customer: Customer, request?: Partial<CreateOrderRequest>) {
  const [first] = await productIds(pool);
  const result = await createOrder(pool, {
    customer,
    idempotencyKey: randomUUID(),
    request: { currency: 'USD', items: [{ productId: first as string, quantity: 2 }], ...request },
  });
  return result.order;
}
