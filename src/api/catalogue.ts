import { post } from 'aws-amplify/api';
import type { Schema } from '../../amplify/data/resource.ts';
import type {
  ChangeProductRequest,
  CreateProductRequest,
  ProductDetail,
  StockChangeRequest,
} from '../../core/catalogue-requests.ts';
import { productIdSchema } from '../../core/order-requests.ts';
import { send } from './commands.ts';
import { dataClient, keysetPage, unwrap, withoutNulls } from './orders.ts';

// The admin Catalogue's reads (AppSync, ADMINS-only SQL queries and the Product models) and its
// writes (the HTTP API's product routes). Customers' availability is read with the catalogue
// itself (orders.ts listCatalogue).

export type ProductRecord = Schema['Product']['type'];
export type AdminProductRow = NonNullable<Schema['AdminProductRow']['type']>;
export type ProductAuditEntry = NonNullable<Schema['ProductAuditEntry']['type']>;

/** ACTIVE or RETIRED; none for every product. */
export type ProductStatusFilter = '' | 'ACTIVE' | 'RETIRED';

export interface ProductFilters {
  search: string;
  status: ProductStatusFilter;
}

export interface AdminProductsPage {
  products: AdminProductRow[];
  /** The SKU the next page starts after; null on the last page. */
  nextAfterSku: string | null;
}

const ADMIN_PRODUCTS_PAGE = 50;

/** One page of products by SKU, filtered by a search on SKU or name and by status. */
export async function listAdminProductsPage(
  filters: ProductFilters,
  afterSku: string | null,
): Promise<AdminProductsPage> {
  const result = await dataClient.queries.adminProductsPage({
    search: filters.search.trim(),
    status: filters.status,
    afterSku: afterSku ?? '',
    // One more than a page tells whether another page follows.
    pageSize: ADMIN_PRODUCTS_PAGE + 1,
  });
  const { items, lastBeforeMore } = keysetPage(withoutNulls(unwrap(result)), ADMIN_PRODUCTS_PAGE);
  return { products: items, nextAfterSku: lastBeforeMore?.sku ?? null };
}

export interface AdminProductDetail {
  product: ProductRecord;
  /** Unit price in minor units, by currency code. */
  prices: Record<string, number>;
  stock: Pick<AdminProductRow, 'on_hand' | 'reserved' | 'available'>;
}

/** A product as its admin page shows it: the record, its prices and its stock; null if there is none. */
export async function getAdminProduct(productId: string): Promise<AdminProductDetail | null> {
  // An address that cannot name a product is not asked about (the database would answer an error).
  if (!productIdSchema.safeParse(productId).success) return null;
  const product = unwrap(await dataClient.models.Product.get({ id: productId }));
  if (!product) return null;
  const [prices, rows] = await Promise.all([
    dataClient.models.ProductPrice.list({ filter: { product_id: { eq: productId } }, limit: 100 }),
    dataClient.queries.adminProductsPage({
      search: product.sku,
      status: '',
      afterSku: '',
      pageSize: 100,
    }),
  ]);
  const stock = withoutNulls(unwrap(rows)).find((row) => row.id === productId);
  return {
    product,
    prices: Object.fromEntries(unwrap(prices).map((price) => [price.currency, price.unit_amount])),
    stock: {
      on_hand: stock?.on_hand ?? 0,
      reserved: stock?.reserved ?? 0,
      available: stock?.available ?? 0,
    },
  };
}

export interface AuditPage {
  entries: ProductAuditEntry[];
  /** Where the next, older page ends; null on the last page. */
  beforeSeq: number | null;
}

const AUDIT_PAGE = 20;

/** A product's audit trail, newest first, a page before `beforeSeq`. */
export async function listProductAudit(productId: string, beforeSeq: number | null): Promise<AuditPage> {
  const result = await dataClient.queries.productAuditTrail({
    productId,
    beforeSeq: beforeSeq ?? 0,
    pageSize: AUDIT_PAGE + 1,
  });
  const { items, lastBeforeMore } = keysetPage(withoutNulls(unwrap(result)), AUDIT_PAGE);
  return { entries: items, beforeSeq: lastBeforeMore?.seq ?? null };
}

export function createProduct(request: CreateProductRequest, idempotencyKey: string): Promise<ProductDetail> {
  return send(post, '/products', {
    headers: { 'Idempotency-Key': idempotencyKey },
    body: request as unknown as Record<string, unknown>,
  });
}

export function changeProduct(productId: string, request: ChangeProductRequest): Promise<ProductDetail> {
  return send(post, `/products/${encodeURIComponent(productId)}/changes`, {
    body: request as unknown as Record<string, unknown>,
  });
}

export function changeStock(
  productId: string,
  request: StockChangeRequest,
  idempotencyKey: string,
): Promise<ProductDetail> {
  return send(post, `/products/${encodeURIComponent(productId)}/stock`, {
    headers: { 'Idempotency-Key': idempotencyKey },
    body: request as unknown as Record<string, unknown>,
  });
}
