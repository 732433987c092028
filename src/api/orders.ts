import { generateClient } from 'aws-amplify/data';
import type { Schema } from '../../amplify/data/resource.ts';

/**
 * Reads go through the typed Amplify data client (AppSync, user-pool auth). AppSync itself scopes
 * what each caller sees: a customer's list holds only their orders, an admin's holds everyone's.
 */
export const dataClient = generateClient<Schema>({ authMode: 'userPool' });

export type OrderRecord = Schema['Order']['type'];
export type OrderItemRecord = Schema['OrderItem']['type'];
export type OrderEventRecord = Schema['OrderEvent']['type'];

interface GraphqlResult<T> {
  data: T;
  errors?: readonly { message: string; errorType?: string }[];
}

/** The data client reports failures in `errors` beside partial data; a view wants them thrown. */
function unwrap<T>(result: GraphqlResult<T>): T {
  if (result.errors?.length) throw new Error(result.errors.map((error) => error.message).join('; '));
  return result.data;
}

// The SQL-backed list resolvers page by primary key (a UUID), so "newest first" across pages cannot
// come from the API: read the caller's orders page by page (bounded), then sort here.
const FETCH_PAGE = 100;
const FETCH_LIMIT = 2_000;

export interface OrderFilters {
  status?: string;
  ownerEmail?: string;
  /** Inclusive first day and last day (YYYY-MM-DD), read in UTC. */
  from?: string;
  to?: string;
}

type OrderFilterInput = NonNullable<Parameters<typeof dataClient.models.Order.list>[0]>['filter'];

function toFilter(filters: OrderFilters): OrderFilterInput | undefined {
  const conditions: NonNullable<OrderFilterInput>[] = [];
  if (filters.status) conditions.push({ status: { eq: filters.status } });
  if (filters.ownerEmail)
    conditions.push({ owner_email: { contains: filters.ownerEmail.trim().toLowerCase() } });
  if (filters.from) conditions.push({ created_at: { ge: `${filters.from}T00:00:00.000Z` } });
  if (filters.to) conditions.push({ created_at: { le: `${filters.to}T23:59:59.999Z` } });
  if (conditions.length === 0) return undefined;
  return conditions.length === 1 ? conditions[0] : { and: conditions };
}

export async function listOrdersNewestFirst(filters: OrderFilters = {}): Promise<OrderRecord[]> {
  const orders: OrderRecord[] = [];
  let nextToken: string | null | undefined;
  do {
    const page = await dataClient.models.Order.list({
      filter: toFilter(filters),
      limit: FETCH_PAGE,
      nextToken,
    });
    orders.push(...unwrap(page));
    nextToken = page.nextToken;
  } while (nextToken && orders.length < FETCH_LIMIT);
  return orders.sort((a, b) => b.created_at.localeCompare(a.created_at));
}

/** A timeline entry: what an event record and a realtime message have in common. */
export type TimelineEntry = Pick<
  OrderEventRecord,
  'id' | 'type' | 'from_status' | 'to_status' | 'order_version' | 'occurred_at'
>;

export interface OrderDetail {
  order: OrderRecord;
  items: OrderItemRecord[];
  events: TimelineEntry[];
}

/** One order with its items and events; null when it does not exist or is not the caller's. */
export async function getOrderDetail(orderId: string): Promise<OrderDetail | null> {
  const result = await dataClient.models.Order.get({ id: orderId });
  // Another customer's order answers Unauthorized: to this caller it does not exist.
  if (result.errors?.some((error) => /unauthori[sz]ed/i.test(`${error.errorType} ${error.message}`)))
    return null;
  const order = unwrap(result);
  if (!order) return null;
  const [items, events] = await Promise.all([
    dataClient.models.OrderItem.list({ filter: { order_id: { eq: orderId } }, limit: FETCH_PAGE }),
    dataClient.models.OrderEvent.list({ filter: { order_id: { eq: orderId } }, limit: FETCH_PAGE }),
  ]);
  return {
    order,
    items: unwrap(items).sort((a, b) => a.line_no - b.line_no),
    events: unwrap(events).sort((a, b) => a.order_version - b.order_version),
  };
}

export interface CatalogueProduct {
  id: string;
  name: string;
  description: string;
  /** Unit price in minor units, by currency code. */
  prices: Record<string, number>;
}

export async function listCatalogue(): Promise<CatalogueProduct[]> {
  const [products, prices] = await Promise.all([
    dataClient.models.Product.list({ filter: { active: { eq: true } }, limit: FETCH_PAGE }),
    dataClient.models.ProductPrice.list({ limit: 1000 }),
  ]);
  const byProduct = new Map<string, Record<string, number>>();
  for (const price of unwrap(prices)) {
    byProduct.set(price.product_id, {
      ...byProduct.get(price.product_id),
      [price.currency]: price.unit_amount,
    });
  }
  return unwrap(products)
    .map((product) => ({
      id: product.id,
      name: product.name,
      description: product.description,
      prices: byProduct.get(product.id) ?? {},
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export type DailyStats = NonNullable<Schema['DailyOrderStats']['type']>;
export type StatusStats = NonNullable<Schema['StatusOrderStats']['type']>;

/** Admin statistics for [startDate, endDate). */
export async function loadOrderStats(
  startDate: string,
  endDate: string,
): Promise<{ byDay: DailyStats[]; byStatus: StatusStats[] }> {
  const [byDay, byStatus] = await Promise.all([
    dataClient.queries.orderStatsByDay({ startDate, endDate }),
    dataClient.queries.orderStatsByStatus({ startDate, endDate }),
  ]);
  const present = <T>(rows: (T | null | undefined)[] | null | undefined): T[] =>
    (rows ?? []).filter((row): row is T => row != null);
  return { byDay: present(unwrap(byDay)), byStatus: present(unwrap(byStatus)) };
}
