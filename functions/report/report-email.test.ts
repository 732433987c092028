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

  it('given the app URL, when rendered, then both parts link to the report page in the app', () => {
    expect(email.text).toContain('https://app.example.com/reports/r-1');
    expect(email.html).toContain('href="https://app.example.com/reports/r-1"');
  });
});
