import { availableActions, ORDER_STATUSES } from '../core/order-lifecycle.ts';

/**
 * The SPA shell: the app's frame and the order lifecycle it will manage, read from the same
 * state machine the API enforces. Sign-in, orders and the admin console arrive with the SPA work.
 */
export function App() {
  return (
    <main className="shell">
      <header>
        <h1>Secure Orders</h1>
        <p>Place orders and watch their status change live.</p>
      </header>
      <section aria-labelledby="lifecycle-heading">
        <h2 id="lifecycle-heading">Order lifecycle</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">Status</th>
              <th scope="col">Customer (own order) may</th>
              <th scope="col">Admin may</th>
            </tr>
          </thead>
          <tbody>
            {ORDER_STATUSES.map((status) => (
              <tr key={status}>
                <th scope="row">{status}</th>
                <td>{availableActions(status, { role: 'CUSTOMER', isOwner: true }).join(', ') || '—'}</td>
                <td>{availableActions(status, { role: 'ADMIN', isOwner: false }).join(', ') || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </main>
  );
}
