import { generateClient } from 'aws-amplify/data';
import type { Schema } from '../../amplify/data/resource.ts';
import { ADMIN_ORDERS_UNFILTERED } from '../../core/admin-orders-page.ts';
import { addDays } from '../../core/calendar-days.ts';
import type { AvailabilityLevel, PublicAvailability } from '../../core/stock.ts';

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
export function unwrap<T>(result: GraphqlResult<T>): T {
  if (result.errors?.length) throw new Error(result.errors.map((error) => error.message).join('; '));
  return result.data;
}

// Related rows and the catalogue are read a page at a time by primary key (the SQL-backed model
// lists cannot sort: aws-amplify/amplify-category-api#2613); they are small. Order lists are keyset
// pages newest first on the server: the customer's own through the HTTP API (`listMyOrders`, which
// needs the token's subject), every customer's for admins through the adminOrdersPage SQL query.
const FETCH_PAGE = 100;

export interface OrderFilters {
  status?: string;
  /** Part of the customer's email, any letter case. */
  ownerEmail?: string;
  /** The order's reference without its '#': the last 8 hex digits of its id. */
  reference?: string;
  /** Inclusive first day and last day (YYYY-MM-DD), read in UTC. */
  from?: string;
  to?: string;
}

export type AdminOrderRow = NonNullable<Schema['AdminOrderRow']['type']>;

export interface AdminOrdersPage {
  orders: AdminOrderRow[];
  /** Where the next, older page starts; null on the last page. */
  next: AdminCursor | null;
}

/** A row's keyset position: its creation time in microseconds since 1970 (as text), then its id. */
export interface AdminCursor {
  position: string;
  id: string;
}

const ADMIN_PAGE_SIZE = 25;

/** One page of every customer's orders, newest first, from the `adminOrdersPage` SQL query. */
export async function listAdminOrdersPage(
  filters: OrderFilters,
  after: AdminCursor | null,
): Promise<AdminOrdersPage> {
  const any = ADMIN_ORDERS_UNFILTERED;
  const result = await dataClient.queries.adminOrdersPage({
    status: filters.status ?? any.status,
    ownerEmail: filters.ownerEmail ?? any.ownerEmail,
    reference: filters.reference ?? any.reference,
    createdFrom: filters.from ? `${filters.from}T00:00:00.000Z` : any.createdFrom,
    createdBefore: filters.to ? dayAfter(filters.to) : any.createdBefore,
    afterCursor: after?.position ?? any.afterCursor,
    afterId: after?.id ?? any.afterId,
    // One more than a page tells whether another page follows.
    pageSize: ADMIN_PAGE_SIZE + 1,
  });
  const { items: orders, lastBeforeMore } = keysetPage(withoutNulls(unwrap(result)), ADMIN_PAGE_SIZE);
  return { orders, next: lastBeforeMore ? { position: lastBeforeMore.cursor, id: lastBeforeMore.id } : null };
}

/** The start (UTC midnight) of the day after `day`: the exclusive end of a range ending on `day`. */
const dayAfter = (day: string) => `${addDays(day, 1)}T00:00:00.000Z`;

/**
 * A keyset page read as `size + 1` rows (one more tells whether another page follows): the page,
 * and its last row when another page follows (where the next one starts).
 */
export function keysetPage<T>(rows: T[], size: number): { items: T[]; lastBeforeMore: T | undefined } {
  const items = rows.slice(0, size);
  return { items, lastBeforeMore: rows.length > size ? items.at(-1) : undefined };
}

export function withoutNulls<T>(rows: (T | null | undefined)[] | null | undefined): T[] {
  return (rows ?? []).filter((row): row is T => row != null);
}

/** A timeline entry: what an event record and a realtime message have in common. */
export type TimelineEntry = Pick<
  OrderEventRecord,
  'id' | 'type' | 'from_status' | 'to_status' | 'order_version' | 'occurred_at'
>;

export interface OrderWithTimeline {
  order: OrderRecord;
  items: OrderItemRecord[];
  events: TimelineEntry[];
}

/** One order with its items and events; null when it does not exist or is not the caller's. */
export async function getOrderDetail(orderId: string): Promise<OrderWithTimeline | null> {
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
  /** What a customer may know of its stock; absent when the server gave none (treated as unknown). */
  availability?: PublicAvailability;
}

/** Every active product's public availability (a level, the count only when low), by product id. */
async function listAvailability(): Promise<Map<string, PublicAvailability>> {
  const byProduct = new Map<string, PublicAvailability>();
  let afterSku = '';
  for (;;) {
    const rows = withoutNulls(
      unwrap(await dataClient.queries.productAvailability({ afterSku, pageSize: FETCH_PAGE })),
    );
    for (const row of rows) {
      byProduct.set(row.product_id, {
        level: row.level as AvailabilityLevel,
        availableWhenLow: row.available_when_low ?? null,
      });
    }
    const last = rows.at(-1);
    if (rows.length < FETCH_PAGE || !last) return byProduct;
    afterSku = last.sku;
  }
}

export async function listCatalogue(): Promise<CatalogueProduct[]> {
  const [products, prices, availability] = await Promise.all([
    dataClient.models.Product.list({ filter: { active: { eq: true } }, limit: FETCH_PAGE }),
    dataClient.models.ProductPrice.list({ limit: 1000 }),
    listAvailability(),
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
      availability: availability.get(product.id),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export type DailyStats = NonNullable<Schema['DailyOrderStats']['type']>;
export type StatusStats = NonNullable<Schema['StatusOrderStats']['type']>;

/** Admin statistics for the UTC days from startDate to endDate, both included. */
export async function loadOrderStats(
  startDate: string,
  endDate: string,
): Promise<{ byDay: DailyStats[]; byStatus: StatusStats[] }> {
  const [byDay, byStatus] = await Promise.all([
    dataClient.queries.orderStatsByDay({ startDate, endDate }),
    dataClient.queries.orderStatsByStatus({ startDate, endDate }),
  ]);
  return { byDay: withoutNulls(unwrap(byDay)), byStatus: withoutNulls(unwrap(byStatus)) };
}
