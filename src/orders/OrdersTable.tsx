import { useState } from 'react';
import { Link } from 'wouter';
import type { OrderRecord } from '../api/orders.ts';
import { StatusBadge, TableScroller } from '../ui/feedback.tsx';
import { money, orderRef, when } from '../ui/format.ts';

const PAGE_SIZE = 10;

/** What a row shows: a customer's order records and the admin console's rows both have it. */
type OrderRow = Pick<
  OrderRecord,
  'id' | 'created_at' | 'owner_email' | 'status' | 'item_count' | 'currency' | 'total_amount'
>;

/** The customer's orders, newest first, a page at a time. */
export function PagedOrdersTable({ orders }: { orders: OrderRow[] }) {
  const [page, setPage] = useState(0);
  const pageCount = Math.max(1, Math.ceil(orders.length / PAGE_SIZE));
  const current = Math.min(page, pageCount - 1);
  return (
    <>
      <OrdersTable orders={orders.slice(current * PAGE_SIZE, (current + 1) * PAGE_SIZE)} />
      {pageCount > 1 && (
        <nav className="pager" aria-label="Pages">
          <button type="button" onClick={() => setPage(current - 1)} disabled={current === 0}>
            Newer
          </button>
          <span>
            Page {current + 1} of {pageCount}
          </span>
          <button type="button" onClick={() => setPage(current + 1)} disabled={current >= pageCount - 1}>
            Older
          </button>
        </nav>
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
              <td>{when(order.created_at)}</td>
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
