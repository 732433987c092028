import { Link } from 'wouter';
import { ORDER_STATUSES } from '../../core/order-lifecycle.ts';
import type { OrderRecord } from '../api/orders.ts';
import { StatusBadge, TableScroller } from '../ui/feedback.tsx';
import { formatDateTime, money, orderRef } from '../ui/format.ts';

/** What a row shows: "My orders" rows and the admin console's rows both have it. */
type OrderRow = Pick<
  OrderRecord,
  'id' | 'created_at' | 'owner_email' | 'status' | 'item_count' | 'currency' | 'total_amount'
>;

/** The filter fields "My orders" and the admin console share: status, and the first and last day. */
export function OrderFilterFields({
  defaults = {},
}: {
  defaults?: { status?: string; from?: string; to?: string };
}) {
  return (
    <>
      <label className="field">
        <span>Status</span>
        <select name="status" defaultValue={defaults.status ?? ''}>
          <option value="">Any</option>
          {ORDER_STATUSES.map((status) => (
            <option key={status}>{status}</option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>From</span>
        <input type="date" name="from" defaultValue={defaults.from} />
      </label>
      <label className="field">
        <span>To</span>
        <input type="date" name="to" defaultValue={defaults.to} />
      </label>
    </>
  );
}

/** What PagedOrdersTable needs of a TanStack infinite query. */
interface OlderPages {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
}

/** The pages loaded so far, newest first, and a button for the next, older page while there is one. */
export function PagedOrdersTable({
  orders,
  pages,
  showCustomer = false,
}: {
  orders: OrderRow[];
  pages: OlderPages;
  showCustomer?: boolean;
}) {
  return (
    <>
      <OrdersTable orders={orders} showCustomer={showCustomer} />
      {pages.hasNextPage && (
        <p className="pager">
          <button type="button" onClick={() => pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>
            {pages.isFetchingNextPage ? 'Loading older orders…' : 'Show older orders'}
          </button>
        </p>
      )}
    </>
  );
}

/** Orders, newest first; `showCustomer` adds the email column admins need. */
export function OrdersTable({
  orders,
  showCustomer = false,
}: {
  orders: OrderRow[];
  showCustomer?: boolean;
}) {
  return (
    <TableScroller label="Orders">
      <table className="orders">
        <caption className="visually-hidden">Orders, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Order</th>
            <th scope="col">Placed</th>
            {showCustomer && <th scope="col">Customer</th>}
            <th scope="col">Status</th>
            <th scope="col" className="numeric">
              Items
            </th>
            <th scope="col" className="numeric">
              Total
            </th>
          </tr>
        </thead>
        <tbody>
          {orders.map((order) => (
            <tr key={order.id}>
              <th scope="row">
                <Link href={`/orders/${order.id}`}>{orderRef(order.id)}</Link>
              </th>
              <td>{formatDateTime(order.created_at)}</td>
              {showCustomer && <td>{order.owner_email}</td>}
              <td>
                <StatusBadge status={order.status} />
              </td>
              <td className="numeric">{order.item_count}</td>
              <td className="numeric">{money(order.total_amount, order.currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroller>
  );
}
