import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { loadOrderStats } from '../api/orders.ts';
import { isoDay } from '../ui/format.ts';
import DashboardPage from './DashboardPage.tsx';

afterEach(cleanup);

type Stats = Awaited<ReturnType<typeof loadOrderStats>>;

/** The server side: fixed statistics; records each range asked for. */
function statsServer(stats: Stats) {
  const asked: [string, string][] = [];
  const loadStats = async (firstDay: string, lastDay: string) => {
    asked.push([firstDay, lastDay]);
    return stats;
  };
  return { asked, loadStats };
}

function renderDashboard(loadStats: typeof loadOrderStats) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <DashboardPage loadStats={loadStats} />
    </QueryClientProvider>,
  );
}

const twoBusyDays: Stats = {
  byDay: [
    { day: isoDay(-3), currency: 'USD', orderCount: 3, revenue: 4500 },
    { day: isoDay(-1), currency: 'USD', orderCount: 1, revenue: 0 },
  ],
  byStatus: [
    { status: 'PENDING', currency: 'USD', orderCount: 3, revenue: 4500 },
    { status: 'CANCELLED', currency: 'USD', orderCount: 1, revenue: 2000 },
  ],
};

describe('the admin dashboard', () => {
  it('given orders on two days of the last thirty, when shown, then the daily chart has a bar for each of the thirty days', async () => {
    renderDashboard(statsServer(twoBusyDays).loadStats);
    const chart = await screen.findByRole('figure', { name: 'Orders by day' });
    expect(within(chart).getAllByRole('row')).toHaveLength(30);
  });

  it('given orders, when shown, then the summary gives orders, revenue and average order value above the charts', async () => {
    renderDashboard(statsServer(twoBusyDays).loadStats);
    const summary = await screen.findByLabelText('Summary');
    expect(summary.textContent).toContain('Orders4');
    expect(summary.textContent).toContain('Revenue (USD)$45.00');
    expect(summary.textContent).toContain('Average order $15.00');
  });

  it('given statuses, when charted, then they read as words', async () => {
    renderDashboard(statsServer(twoBusyDays).loadStats);
    const chart = await screen.findByRole('figure', { name: 'Orders by status' });
    expect(within(chart).getByRole('rowheader', { name: 'Pending' })).toBeTruthy();
    expect(within(chart).queryByText('PENDING')).toBeNull();
  });

  it('given a range longer than the queries read, when applied, then it says so in words and asks for nothing', async () => {
    const server = statsServer(twoBusyDays);
    renderDashboard(server.loadStats);
    await screen.findByRole('figure', { name: 'Orders by day' });
    fireEvent.change(screen.getByLabelText('First day'), { target: { value: '2024-01-01' } });
    fireEvent.change(screen.getByLabelText('Last day'), { target: { value: '2026-01-01' } });
    fireEvent.click(screen.getByRole('button', { name: 'Show' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Choose at most 367 days.');
    expect(server.asked).toHaveLength(1);
  });
});
