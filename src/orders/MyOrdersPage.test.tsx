import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { OrderEventMessage } from '../../core/order-events.ts';
import type { MyOrderRow, MyOrdersFilters, MyOrdersPage as Page } from '../api/commands.ts';
import { applyOrderEvent } from '../live/apply-event.ts';
import { orderRef } from '../ui/format.ts';
import { renderAt } from '../ui/render-at.test-support.tsx';
import { MyOrdersPage } from './MyOrdersPage.tsx';

const ME = 'sub-me';

afterEach(cleanup);

/** Lets TanStack Query's batched notifications and any re-read it started run. */
const settle = () => act(() => new Promise((resolve) => setTimeout(resolve, 20)));

function orderNo(index: number, status = 'PENDING'): MyOrderRow {
  const id = `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`;
  const created = new Date(Date.UTC(2026, 0, 1) + index * 60_000).toISOString();
  return {
    id,
    status,
    version: 1,
    currency: 'USD',
    total_amount: 1000 + index,
    item_count: 1,
    owner_email: 'me@example.com',
    created_at: created,
    updated_at: created,
  };
}

/** The server side of the page: the caller's orders, newest first, two to a page; records each call. */
function fakeServer(initial: MyOrderRow[]) {
  const orders = [...initial];
  const calls: { filters: MyOrdersFilters; cursor: string | null }[] = [];
  const loadPage = async (filters: MyOrdersFilters, cursor: string | null): Promise<Page> => {
    calls.push({ filters, cursor });
    const matching = orders
      .filter((order) => !filters.status || order.status === filters.status)
      .sort((a, b) => b.created_at.localeCompare(a.created_at));
    const start = cursor ? matching.findIndex((order) => order.id === cursor) + 1 : 0;
    const page = matching.slice(start, start + 2);
    const last = page.at(-1);
    return { orders: page, nextCursor: start + 2 < matching.length && last ? last.id : null };
  };
  return { orders, calls, loadPage };
}

function renderPage(server: ReturnType<typeof fakeServer>, path = '/orders') {
  const { location, queryClient } = renderAt(path, <MyOrdersPage loadPage={server.loadPage} />);
  const shownRefs = () =>
    screen
      .queryAllByRole('row')
      .slice(1)
      .map((row) => within(row).getByRole('rowheader').textContent);
  const statusOf = (order: MyOrderRow) =>
    within(screen.getByText(orderRef(order.id)).closest('tr') as HTMLElement).getAllByRole('cell')[1]
      ?.textContent;
  const live = (event: Partial<OrderEventMessage> & Pick<OrderEventMessage, 'orderId'>) =>
    act(() => {
      applyOrderEvent(
        queryClient,
        {
          eventId: crypto.randomUUID(),
          ownerSub: ME,
          type: 'ORDER_STATUS_CHANGED',
          fromStatus: 'PENDING',
          toStatus: 'CONFIRMED',
          orderVersion: 2,
          occurredAt: new Date().toISOString(),
          ...event,
        },
        ME,
      );
    });
  return { location, shownRefs, statusOf, live };
}

describe('"My orders"', () => {
  it('given five orders, when the page opens and "Show older orders" is clicked twice, then pages append newest first until the last', async () => {
    const server = fakeServer([1, 2, 3, 4, 5].map((index) => orderNo(index)));
    const page = renderPage(server);
    await waitFor(() => expect(page.shownRefs()).toHaveLength(2));
    for (const expected of [4, 5]) {
      fireEvent.click(screen.getByRole('button', { name: 'Show older orders' }));
      await waitFor(() => expect(page.shownRefs()).toHaveLength(expected));
    }
    expect(page.shownRefs()).toEqual([5, 4, 3, 2, 1].map((index) => orderRef(orderNo(index).id)));
    expect(screen.queryByRole('button', { name: 'Show older orders' })).toBeNull();
    expect(server.calls.map((call) => call.cursor)).toEqual([null, orderNo(4).id, orderNo(2).id]);
  });

  it('given a status in the URL, when the page opens, then the server is asked for that status and the form shows it', async () => {
    const server = fakeServer([orderNo(1, 'SHIPPED'), orderNo(2), orderNo(3, 'SHIPPED')]);
    const page = renderPage(server, '/orders?status=SHIPPED');
    await waitFor(() => expect(page.shownRefs()).toHaveLength(2));
    expect(server.calls[0]?.filters).toEqual({ status: 'SHIPPED' });
    expect((screen.getByLabelText('Status') as HTMLSelectElement).value).toBe('SHIPPED');
  });

  it('given a status chosen in the form, when applied, then it goes into the URL and the list is re-read with it', async () => {
    const server = fakeServer([orderNo(1, 'CANCELLED'), orderNo(2)]);
    const page = renderPage(server);
    await waitFor(() => expect(page.shownRefs()).toHaveLength(2));
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'CANCELLED' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply filters' }));
    await waitFor(() => expect(page.shownRefs()).toEqual([orderRef(orderNo(1).id)]));
    expect(page.location.history.at(-1)).toBe('/orders?status=CANCELLED');
    expect(server.calls.at(-1)?.filters).toEqual({ status: 'CANCELLED' });
  });

  it('given an unknown status in the URL, when the page opens, then it is ignored rather than sent', async () => {
    const server = fakeServer([orderNo(1)]);
    const page = renderPage(server, '/orders?status=LOST&from=yesterday');
    await waitFor(() => expect(page.shownRefs()).toHaveLength(1));
    expect(server.calls[0]?.filters).toEqual({});
  });

  it('given loaded pages, when a live status change for a loaded order arrives, then its row changes in place without a re-read; a duplicate changes nothing', async () => {
    const server = fakeServer([1, 2, 3].map((index) => orderNo(index)));
    const page = renderPage(server);
    await waitFor(() => expect(page.shownRefs()).toHaveLength(2));
    fireEvent.click(screen.getByRole('button', { name: 'Show older orders' }));
    await waitFor(() => expect(page.shownRefs()).toHaveLength(3));
    const reads = server.calls.length;
    page.live({ orderId: orderNo(1).id, toStatus: 'CONFIRMED', orderVersion: 2 });
    await waitFor(() => expect(page.statusOf(orderNo(1))).toBe('Confirmed'));
    page.live({ orderId: orderNo(1).id, toStatus: 'PENDING', orderVersion: 1 });
    await settle();
    expect(page.statusOf(orderNo(1))).toBe('Confirmed');
    expect(server.calls.length).toBe(reads);
  });

  it('given loaded pages, when an order placed elsewhere arrives, then the pages are re-read and it shows on top', async () => {
    const server = fakeServer([1, 2, 3].map((index) => orderNo(index)));
    const page = renderPage(server);
    await waitFor(() => expect(page.shownRefs()).toHaveLength(2));
    server.orders.push(orderNo(9));
    page.live({
      orderId: orderNo(9).id,
      type: 'ORDER_PLACED',
      fromStatus: null,
      toStatus: 'PENDING',
      orderVersion: 1,
    });
    await waitFor(() => expect(page.shownRefs()[0]).toBe(orderRef(orderNo(9).id)));
    expect(page.shownRefs()).toHaveLength(2);
  });

  it("given a filtered view, when another customer's order or a status outside the filter arrives, then nothing is re-read", async () => {
    const server = fakeServer([orderNo(1, 'SHIPPED')]);
    const page = renderPage(server, '/orders?status=SHIPPED');
    await waitFor(() => expect(page.shownRefs()).toHaveLength(1));
    const reads = server.calls.length;
    page.live({
      orderId: orderNo(7).id,
      type: 'ORDER_PLACED',
      fromStatus: null,
      toStatus: 'PENDING',
      orderVersion: 1,
    });
    page.live({ orderId: orderNo(8).id, ownerSub: 'someone-else', toStatus: 'SHIPPED', orderVersion: 3 });
    await settle();
    expect(server.calls.length).toBe(reads);
  });
});
