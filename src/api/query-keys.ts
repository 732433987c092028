import type { OrderFilters } from './orders.ts';

/** Query keys in one place, so live updates and mutations touch exactly the views that show them. */
export const orderKeys = {
  all: ['orders'] as const,
  lists: () => [...orderKeys.all, 'list'] as const,
  list: (filters: OrderFilters) => [...orderKeys.lists(), filters] as const,
  detail: (orderId: string) => [...orderKeys.all, 'detail', orderId] as const,
};

export const catalogueKey = ['catalogue'] as const;
export const reportsKey = ['reports'] as const;
export const statsKey = (startDate: string, endDate: string) => ['stats', startDate, endDate] as const;
