import { useInfiniteQuery } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { Link, useSearchParams } from 'wouter';
import { ORDER_STATUSES } from '../../core/order-lifecycle.ts';
import type { MyOrdersFilters, MyOrdersPage as Page } from '../api/commands.ts';
import { orderKeys } from '../api/query-keys.ts';
import { EmptyState, ErrorNotice, PageHeading, Skeleton } from '../ui/feedback.tsx';
import { OrderFilterFields, PagedOrdersTable } from './OrdersTable.tsx';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The filters the URL holds (`?status=SHIPPED&from=2026-01-01&to=2026-01-31`); anything else is ignored. */
function filtersFrom(search: URLSearchParams): MyOrdersFilters {
  const status = search.get('status') ?? '';
  const from = search.get('from') ?? '';
  const to = search.get('to') ?? '';
  return {
    ...((ORDER_STATUSES as readonly string[]).includes(status) && { status }),
    ...(DAY.test(from) && { from }),
    ...(DAY.test(to) && { to }),
  };
}

/**
 * The caller's own orders, newest first, a server page at a time ("Show older orders"). The
 * filters live in the URL, so a filtered view can be reloaded, shared with oneself and navigated
 * back to. Live events update loaded rows in place; a new order re-reads the pages and lands on top
 * (src/live/apply-event.ts). `loadPage` reads a page: the HTTP API's `listMyOrders` in the app.
 */
export function MyOrdersPage({
  loadPage,
}: {
  loadPage: (filters: MyOrdersFilters, cursor: string | null) => Promise<Page>;
}) {
  const [search, setSearch] = useSearchParams();
  const filters = filtersFrom(search);
  const filtered = Object.keys(filters).length > 0;
  const orders = useInfiniteQuery({
    queryKey: orderKeys.minePage(filters),
    queryFn: ({ pageParam }) => loadPage(filters, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
  const rows = orders.data?.pages.flatMap((page) => page.orders) ?? [];

  const apply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next = new URLSearchParams();
    for (const name of ['status', 'from', 'to']) {
      const value = String(form.get(name) ?? '').trim();
      if (value) next.set(name, value);
    }
    setSearch(next);
  };

  return (
    <>
      <PageHeading
        actions={
          <Link href="/orders/new" className="button button-primary">
            Place an order
          </Link>
        }
      >
        My orders
      </PageHeading>
      {/* Keyed by the URL's filters, so its fields show them after back and forward too. */}
      <form key={search.toString()} className="filters" onSubmit={apply} aria-label="Filter my orders">
        <OrderFilterFields defaults={filters} />
        <button type="submit" className="button-primary">
          Apply filters
        </button>
        {filtered && <Link href="/orders">Clear filters</Link>}
      </form>
      {orders.isPending ? (
        <Skeleton label="Loading your orders" rows={5} />
      ) : orders.isError ? (
        <ErrorNotice
          error={orders.error}
          onRetry={() => orders.refetch()}
          title="Could not load your orders"
        />
      ) : rows.length === 0 ? (
        filtered ? (
          <EmptyState title="None of your orders match these filters." />
        ) : (
          <EmptyState title="No orders yet.">
            <p>
              <Link href="/orders/new">Place your first order</Link> from the catalogue.
            </p>
          </EmptyState>
        )
      ) : (
        <PagedOrdersTable orders={rows} pages={orders} />
      )}
    </>
  );
}
