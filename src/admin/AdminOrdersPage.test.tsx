import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { AdminOrderRow, OrderFilters, AdminOrdersPage as Page } from '../api/orders.ts';
import { orderRef } from '../ui/format.ts';
import { renderAt } from '../ui/render-at.test-support.tsx';
import AdminOrdersPage from './AdminOrdersPage.tsx';

afterEach(cleanup);

function order(index: number, email: string, status = 'PENDING'): AdminOrderRow {
  const created = new Date(Date.UTC(2026, 0, 1) + index * 60_000).toISOString();
  return {
    id: `00000000-0000-4000-8000-${String(index).padStart(4, '0')}abcdef${String(index).padStart(2, '0')}`,
    owner_email: email,
    status,
    currency: 'USD',
    total_amount: 1000,
    item_count: 1,
    version: 1,
    created_at: created,
    cursor: String(index),
  } as AdminOrderRow;
}

const ORDERS = [
  order(1, 'ann@example.com'),
  order(2, 'bob@example.com', 'SHIPPED'),
  order(3, 'Ann.Lee@example.org'),
];

/** The server side, as the SQL reads filters; records each search. */
function fakeServer() {
  const searches: OrderFilters[] = [];
  const loadPage = async (filters: OrderFilters): Promise<Page> => {
    searches.push(filters);
    const orders = ORDERS.filter(
      (row) =>
        (!filters.status || row.status === filters.status) &&
        (!filters.ownerEmail || row.owner_email.toLowerCase().includes(filters.ownerEmail.toLowerCase())) &&
        (!filters.reference || row.id.endsWith(filters.reference)),
    ).reverse();
    return { orders, next: null };
  };
  return { searches, loadPage };
}

function renderPage(server: ReturnType<typeof fakeServer>, path = '/admin/orders') {
  const { location } = renderAt(path, <AdminOrdersPage loadPage={server.loadPage} />);
  const shownRefs = () =>
    screen
      .queryAllByRole('row')
      .slice(1)
      .map((row) => row.querySelector('th')?.textContent);
  return { location, shownRefs };
}

const type = (label: string, value: string) =>
  fireEvent.change(screen.getByLabelText(label), { target: { value } });

describe("the admin console's search", () => {
  it("given part of an email in capitals typed letter by letter, when typing pauses, then one search runs and only those customers' orders show", async () => {
    const server = fakeServer();
    const page = renderPage(server);
    await waitFor(() => expect(page.shownRefs()).toHaveLength(3));
    for (const typed of ['A', 'AN', 'ANN']) type('Customer email', typed);
    await waitFor(() =>
      expect(page.shownRefs()).toEqual([orderRef(ORDERS[2]?.id ?? ''), orderRef(ORDERS[0]?.id ?? '')]),
    );
    expect(server.searches).toEqual([{}, { ownerEmail: 'ANN' }]);
    expect(page.location.history.at(-1)).toBe('/admin/orders?email=ANN');
  });

  it('given results on screen, when a new search is typed, then the old results disappear before the new ones arrive', async () => {
    const server = fakeServer();
    const page = renderPage(server);
    await waitFor(() => expect(page.shownRefs()).toHaveLength(3));
    type('Customer email', 'bob');
    expect(page.shownRefs()).toEqual([]);
    await waitFor(() => expect(page.shownRefs()).toEqual([orderRef(ORDERS[1]?.id ?? '')]));
  });

  it('given a reference as the app shows it, in capitals, when searched, then the order with that reference', async () => {
    const server = fakeServer();
    const page = renderPage(server);
    await waitFor(() => expect(page.shownRefs()).toHaveLength(3));
    type('Order reference', orderRef(ORDERS[1]?.id ?? '').toUpperCase());
    await waitFor(() => expect(page.shownRefs()).toEqual([orderRef(ORDERS[1]?.id ?? '')]));
    expect(server.searches.at(-1)).toEqual({ reference: ORDERS[1]?.id.slice(-8) });
  });

  it('given a reference that cannot be one, when typed, then it says how one looks, shows no rows and asks nothing', async () => {
    const server = fakeServer();
    const page = renderPage(server);
    await waitFor(() => expect(page.shownRefs()).toHaveLength(3));
    type('Order reference', 'order 12');
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Enter a reference as shown on an order, such as #1a2b3c4d.',
    );
    await act(() => new Promise((resolve) => setTimeout(resolve, 500)));
    expect(page.shownRefs()).toEqual([]);
    expect(server.searches).toEqual([{}]);
  });

  it('given a filtered view from a link, when "Clear filters" is pressed, then the fields empty, the URL is clean and every order shows', async () => {
    const server = fakeServer();
    const page = renderPage(server, '/admin/orders?status=SHIPPED&email=bob');
    await waitFor(() => expect(page.shownRefs()).toHaveLength(1));
    expect(server.searches[0]).toEqual({ status: 'SHIPPED', ownerEmail: 'bob' });
    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(page.shownRefs()).toHaveLength(3));
    expect((screen.getByLabelText('Customer email') as HTMLInputElement).value).toBe('');
    expect((screen.getByLabelText('Status') as HTMLSelectElement).value).toBe('');
    expect(page.location.history.at(-1)).toBe('/admin/orders');
  });
});
