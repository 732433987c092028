import { useInfiniteQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { type AdminCursor, listAdminOrdersPage, type OrderFilters } from '../api/orders.ts';
import { orderKeys } from '../api/query-keys.ts';
import { OrderFilterFields, PagedOrdersTable } from '../orders/OrdersTable.tsx';
import { EmptyState, ErrorNotice, PageHeading, Skeleton } from '../ui/feedback.tsx';

export default function AdminOrdersPage() {
  const [filters, setFilters] = useState<OrderFilters>({});
  const orders = useInfiniteQuery({
    queryKey: orderKeys.adminPage(filters),
    queryFn: ({ pageParam }) => listAdminOrdersPage(filters, pageParam),
    initialPageParam: null as AdminCursor | null,
    getNextPageParam: (page) => page.next,
  });
  const rows = orders.data?.pages.flatMap((page) => page.orders) ?? [];

  const apply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: string) => String(form.get(name) ?? '').trim() || undefined;
    setFilters({ status: value('status'), ownerEmail: value('email'), from: value('from'), to: value('to') });
  };

  return (
    <>
      <PageHeading>All orders</PageHeading>
      <form className="filters" onSubmit={apply} aria-label="Filter orders">
        <OrderFilterFields />
        <label className="field">
          <span>Customer email</span>
          <input type="email" name="email" autoComplete="off" />
        </label>
        <button type="submit" className="button-primary">
          Apply filters
        </button>
      </form>
      {orders.isPending ? (
        <Skeleton label="Loading orders" rows={6} />
      ) : orders.isError ? (
        <ErrorNotice error={orders.error} onRetry={() => orders.refetch()} title="Could not load orders" />
      ) : rows.length === 0 ? (
        <EmptyState title="No orders match these filters." />
      ) : (
        <PagedOrdersTable orders={rows} pages={orders} showCustomer />
      )}
    </>
  );
}
