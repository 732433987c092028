import type { InfiniteData, Query, QueryClient } from '@tanstack/react-query';
import type { OrderEventMessage } from '../../core/order-events.ts';
import type { MyOrdersFilters } from '../api/commands.ts';
import type { OrderWithTimeline } from '../api/orders.ts';
import { orderKeys } from '../api/query-keys.ts';
import { applyEventToDetail, applyEventToPages } from './reconcile.ts';

type LoadedPages = InfiniteData<{ orders: { id: string; status: string; version: number }[] }>;

function holds(query: Query, orderId: string): boolean {
  const data = query.state.data as LoadedPages | undefined;
  return Boolean(data?.pages.some((page) => page.orders.some((order) => order.id === orderId)));
}

/** Would this "My orders" listing show the order now? (A filtered one shows its status only.) */
function belongsInMine(query: Query, event: OrderEventMessage): boolean {
  const filters = query.queryKey[2] as MyOrdersFilters | undefined;
  return !filters?.status || filters.status === event.toStatus;
}

/**
 * Applies one realtime event to every cached view of its order, by version (duplicates and stale
 * events change nothing), and re-reads the listings that should show the order but do not hold
 * it: the caller's own "My orders" pages when it is theirs (placed elsewhere: it lands on top; or
 * moved into the status a listing filters by), and the admin console's pages for a new order.
 * A row that leaves a filtered listing's status stays, showing its new status, so nothing jumps
 * away under the user's pointer. Returns whether a cached view changed.
 */
export function applyOrderEvent(
  queryClient: QueryClient,
  event: OrderEventMessage,
  callerSub: string,
): boolean {
  let changed = false;
  queryClient.setQueryData<OrderWithTimeline | null>(orderKeys.detail(event.orderId), (detail) => {
    const next = detail ? applyEventToDetail(detail, event) : null;
    if (next) changed = true;
    return next ?? detail;
  });
  for (const queryKey of [orderKeys.minePages(), orderKeys.adminPages()]) {
    queryClient.setQueriesData<LoadedPages>({ queryKey }, (data) => {
      const next = data ? applyEventToPages(data, event) : null;
      if (next) changed = true;
      return next ?? data;
    });
  }
  if (event.ownerSub === callerSub) {
    queryClient.invalidateQueries({
      queryKey: orderKeys.minePages(),
      predicate: (query) => !holds(query, event.orderId) && belongsInMine(query, event),
    });
  }
  if (event.type === 'ORDER_PLACED') {
    queryClient.invalidateQueries({
      queryKey: orderKeys.adminPages(),
      predicate: (query) => !holds(query, event.orderId),
    });
  }
  return changed;
}
