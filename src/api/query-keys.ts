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

export const catalogueKey = ['catalogue'] as const;
export const reportsKey = ['reports'] as const;
export const statsKey = (startDate: string, endDate: string) => ['stats', startDate, endDate] as const;
