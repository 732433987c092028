import { describe, expect, it } from 'vitest';
import { renderReportEmail } from './report-email.ts';

const summary = {
  orders: 3,
  byStatus: [{ status: 'PENDING', currency: 'USD', orders: 3, amount: 123456 }],
  byDay: [{ day: '2026-05-01', currency: 'USD', orders: 3, revenue: 123456 }],
  topProducts: [
    {
      productId: 'p1',
      productName: '<script>alert(1)</script>',
      currency: 'USD',
      quantity: 7,
      revenue: 70000,
    },
  ],
};

const email = renderReportEmail({
  reportId: 'r-1',
  period: { periodStart: '2026-05-01', periodEnd: '2026-05-02' },
  summary,
  appUrl: 'https://app.example.com',
});

describe('renderReportEmail', () => {
  it('given a summary, when rendered, then the text shows totals as money', () => {
    expect(email.text).toContain('$1,234.56');
    expect(email.text).toContain('Orders: 3');
  });

  it('given a product name with markup, when rendered as HTML, then it is escaped', () => {
    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain('&lt;script&gt;');
  });

  it('given orders in two currencies, when rendered as HTML, then each currency has its own table and no amounts mix', () => {
    const twoCurrencies = renderReportEmail({
      reportId: 'r-2',
      period: { periodStart: '2026-05-01', periodEnd: '2026-06-01' },
      summary: {
        orders: 5,
        byStatus: [
          { status: 'CONFIRMED', currency: 'EUR', orders: 2, amount: 5000 },
          { status: 'PENDING', currency: 'USD', orders: 3, amount: 123456 },
        ],
        byDay: [
          { day: '2026-05-03', currency: 'EUR', orders: 2, revenue: 5000 },
          { day: '2026-05-04', currency: 'USD', orders: 3, revenue: 123456 },
        ],
        topProducts: [],
      },
      appUrl: 'https://app.example.com',
    });
    const tables = twoCurrencies.html.split('<table').slice(1);
    expect(tables).toHaveLength(2);
    expect(tables[0]).toContain('€50.00');
    expect(tables[0]).not.toContain('$');
    expect(tables[1]).toContain('$1,234.56');
    expect(tables[1]).not.toContain('€');
  });

  it('given a summary, when rendered as HTML, then it uses system fonts and no bordered tables', () => {
    expect(email.html).toMatch(/font-family:[^;"]*-apple-system/);
    expect(email.html).not.toMatch(/border="|<font/);
  });

  it('given a month, when rendered, then the period reads as its first and last day, both included', () => {
    const month = renderReportEmail({
      reportId: 'r-3',
      period: { periodStart: '2026-05-01', periodEnd: '2026-06-01' },
      summary: { orders: 0, byStatus: [], byDay: [], topProducts: [] },
      appUrl: 'https://app.example.com',
    });
    expect(month.subject).toBe('Orders report: May 1, 2026 to May 31, 2026');
    expect(month.text).not.toMatch(/exclusive|periodEnd/);
    expect(email.subject).toBe('Orders report: May 1, 2026');
  });

  it('given statuses, when rendered, then they read as words, not codes', () => {
    expect(email.text).toContain('Pending');
    expect(email.text).not.toContain('PENDING');
  });

  it('given the app URL, when rendered, then both parts link to the report page in the app', () => {
    expect(email.text).toContain('https://app.example.com/reports/r-1');
    expect(email.html).toContain('href="https://app.example.com/reports/r-1"');
  });
});
