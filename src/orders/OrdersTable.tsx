import { Link } from 'wouter';
import { ORDER_STATUS_LABELS, ORDER_STATUSES } from '../../core/order-lifecycle.ts';
import type { OrderRecord } from '../api/orders.ts';
import { StatusBadge, TableScroller } from '../ui/feedback.tsx';
import { formatDateTime, money, orderRef } from '../ui/format.ts';
import { useNarrowScreen } from '../ui/narrow-screen.ts';

/** What a row shows: "My orders" rows and the admin console's rows both have it. */
type OrderRow = Pick<
  OrderRecord,
  'id' | 'created_at' | 'owner_email' | 'status' | 'item_count' | 'currency' | 'total_amount'
>;

type DayAndStatus = { status?: string; from?: string; to?: string };

/**
 * The filter fields "My orders" and the admin console share: status, and the first and last day.
 * With `values` and `onChange` the caller holds them (the admin console searches as you type);
 * without, they start from `defaults` and are read from the form on submit.
 */
export function OrderFilterFields({
  defaults = {},
  values,
  onChange,
}: {
  defaults?: DayAndStatus;
  values?: Required<DayAndStatus>;
  onChange?: (name: keyof DayAndStatus, value: string) => void;
}) {
  const bind = (name: keyof DayAndStatus) =>
    values && onChange
      ? {
          value: values[name],
          onChange: (event: { currentTarget: { value: string } }) =>
            onChange(name, event.currentTarget.value),
        }
      : { defaultValue: defaults[name] ?? (name === 'status' ? '' : undefined) };
  return (
    <>
      <label className="field">
        <span>Status</span>
        <select name="status" {...bind('status')}>
          <option value="">Any</option>
          {ORDER_STATUSES.map((status) => (
            <option key={status} value={status}>
              {ORDER_STATUS_LABELS[status]}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>From</span>
        <input type="date" name="from" {...bind('from')} />
      </label>
      <label className="field">
        <span>To</span>
        <input type="date" name="to" {...bind('to')} />
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
  const narrow = useNarrowScreen();
  return (
    <>
      {narrow ? (
        <OrderCards orders={orders} showCustomer={showCustomer} />
      ) : (
        <OrdersTable orders={orders} showCustomer={showCustomer} />
      )}
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

/**
 * Orders as cards, newest first, for phones: reference, status and total on one line, when (and
 * whose) below, the whole card one link; nothing needs scrolling sideways.
 */
export function OrderCards({ orders, showCustomer = false }: { orders: OrderRow[]; showCustomer?: boolean }) {
  return (
    <ul className="order-cards" aria-label="Orders, newest first">
      {orders.map((order) => (
        <li key={order.id}>
          <Link href={`/orders/${order.id}`} className="order-card">
            <span className="order-card-ref">{orderRef(order.id)}</span>
            <StatusBadge status={order.status} />
            <span className="order-card-total">{money(order.total_amount, order.currency)}</span>
            <span className="order-card-meta">
              {formatDateTime(order.created_at)} · {order.item_count}{' '}
              {order.item_count === 1 ? 'item' : 'items'}
              {showCustomer && <> · {order.owner_email}</>}
            </span>
          </Link>
        </li>
      ))}
    </ul>
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
