import type { ProductFilters } from './catalogue.ts';
import type { MyOrdersFilters } from './commands.ts';
import type { OrderFilters } from './orders.ts';

/** Query keys in one place, so live updates and mutations touch exactly the views that show them. */
export const orderKeys = {
  all: ['orders'] as const,
  /** The customer's "My orders" pages (newest first over their own orders), by filters. */
  minePages: () => [...orderKeys.all, 'mine'] as const,
  minePage: (filters: MyOrdersFilters) => [...orderKeys.minePages(), filters] as const,
  /** The admin console's server-side pages (newest first over every order), by filters. */
  adminPages: () => [...orderKeys.all, 'admin'] as const,
  adminPage: (filters: OrderFilters) => [...orderKeys.adminPages(), filters] as const,
  detail: (orderId: string) => [...orderKeys.all, 'detail', orderId] as const,
};

/** What customers order from: active products, their prices and public availability. */
export const catalogueKey = ['catalogue'] as const;
/** The admin Catalogue's views: listings by filters, a product's page, its audit trail. */
export const productKeys = {
  all: ['products'] as const,
  pages: () => [...productKeys.all, 'pages'] as const,
  page: (filters: ProductFilters) => [...productKeys.pages(), filters] as const,
  detail: (productId: string) => [...productKeys.all, 'detail', productId] as const,
  audit: (productId: string) => [...productKeys.all, 'audit', productId] as const,
};
export const reportsKey = ['reports'] as const;
export const statsKey = (startDate: string, endDate: string) => ['stats', startDate, endDate] as const;
