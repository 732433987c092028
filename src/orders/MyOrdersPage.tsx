import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { listOrdersNewestFirst } from '../api/orders.ts';
import { orderKeys } from '../api/query-keys.ts';
import { EmptyState, ErrorNotice, PageHeading, Skeleton } from '../ui/feedback.tsx';
import { PagedOrdersTable } from './OrdersTable.tsx';

export function MyOrdersPage() {
  const orders = useQuery({ queryKey: orderKeys.mine(), queryFn: () => listOrdersNewestFirst() });
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
      {orders.isPending ? (
        <Skeleton label="Loading your orders" rows={5} />
      ) : orders.isError ? (
        <ErrorNotice
          error={orders.error}
          onRetry={() => orders.refetch()}
          title="Could not load your orders"
        />
      ) : orders.data.length === 0 ? (
        <EmptyState title="No orders yet.">
          <p>
            <Link href="/orders/new">Place your first order</Link> from the catalogue.
          </p>
        </EmptyState>
      ) : (
        <PagedOrdersTable orders={orders.data} />
      )}
    </>
  );
}
