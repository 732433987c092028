import { describe, expect, it } from 'vitest';
import { dailyBars, niceTicks, rangeProblem, statusBars, summaryFigures } from './dashboard-figures.ts';

const day = (isoDay: string, orderCount: number, revenue = 0, currency = 'USD') => ({
  day: isoDay,
  currency,
  orderCount,
  revenue,
});
const status = (name: string, orderCount: number, revenue: number, currency = 'USD') => ({
  status: name,
  currency,
  orderCount,
  revenue,
});

describe('the dashboard range', () => {
  it('given a last day before the first, when checked, then it says so in words', () => {
    expect(rangeProblem('2026-05-10', '2026-05-09')).toBe('The last day must be on or after the first day.');
  });

  it('given a single day, when checked, then it is a valid range', () => {
    expect(rangeProblem('2026-05-10', '2026-05-10')).toBeNull();
  });

  it('given more days than the queries read, when checked, then it is refused instead of showing nothing', () => {
    expect(rangeProblem('2025-01-01', '2026-01-03')).toBe('Choose at most 367 days.');
    expect(rangeProblem('2025-01-01', '2026-01-02')).toBeNull();
  });

  it('given a missing day, when checked, then it asks for both', () => {
    expect(rangeProblem('', '2026-05-10')).toBe('Choose a first and a last day.');
  });
});

describe('the charts', () => {
  it('given orders on two days of a week, when charted by day, then the week has seven bars, the quiet days zero', () => {
    const bars = dailyBars(
      [day('2026-05-02', 3), day('2026-05-05', 1), day('2026-05-05', 2, 0, 'EUR')],
      {
        firstDay: '2026-05-01',
        lastDay: '2026-05-07',
      },
      (row) => row.orderCount,
    );
    expect(bars.map((bar) => bar.value)).toEqual([0, 3, 0, 0, 3, 0, 0]);
  });

  it('given statuses in any order, when charted, then they follow the lifecycle and read as words', () => {
    const bars = statusBars([status('SHIPPED', 1, 0), status('PENDING', 2, 0)], (row) => row.orderCount);
    expect(bars).toEqual([
      { label: 'Pending', value: 2 },
      { label: 'Shipped', value: 1 },
    ]);
  });

  it('given a largest value, then the gridlines are a few round values reaching past it', () => {
    expect(niceTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(123456)).toEqual([0, 50000, 100000, 150000]);
    expect(niceTicks(0)).toEqual([0, 1]);
    expect(niceTicks(1)).toEqual([0, 1]);
  });
});

describe('the summary figures', () => {
  it('given orders in two currencies with a cancellation, then revenue and average leave the cancelled order out', () => {
    const figures = summaryFigures([
      status('PENDING', 2, 3000),
      status('CANCELLED', 1, 9999),
      status('CONFIRMED', 1, 500, 'EUR'),
    ]);
    expect(figures.orders).toBe(4);
    expect(figures.currencies).toEqual([
      { currency: 'EUR', revenue: 500, orders: 1, averageOrderValue: 500 },
      { currency: 'USD', revenue: 3000, orders: 2, averageOrderValue: 1500 },
    ]);
  });

  it('given only cancelled orders in a currency, then it has no average rather than a division by zero', () => {
    expect(summaryFigures([status('CANCELLED', 1, 100)]).currencies[0]?.averageOrderValue).toBeNull();
  });
});
