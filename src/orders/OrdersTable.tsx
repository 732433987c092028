import { Link } from 'wouter';
import type { OrderRecord } from '../api/orders.ts';
import { StatusBadge, TableScroller } from '../ui/feedback.tsx';
import { money, orderRef, when } from '../ui/format.ts';

/** What a row shows: "My orders" rows and the admin console's rows both have it. */
type OrderRow = Pick<
  OrderRecord,
  'id' | 'created_at' | 'owner_email' | 'status' | 'item_count' | 'currency' | 'total_amount'
>;

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
