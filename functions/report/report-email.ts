import { describePeriod } from '../../core/calendar-days.ts';
import type { CurrencyCode } from '../../core/money.ts';
import { formatMoney } from '../../core/money-format.ts';
import { statusLabel } from '../../core/order-lifecycle.ts';
import type { ReportPeriod } from '../../core/order-requests.ts';
import type { ReportSummary } from '../../db/report-queries.ts';
import { escapeMarkup } from '../lib/markup.ts';

export interface ReportEmail {
  subject: string;
  text: string;
  html: string;
}

function money(amountMinor: number, currency: string): string {
  try {
    return formatMoney(amountMinor, currency as CurrencyCode);
  } catch {
    return `${amountMinor} ${currency} (minor units)`;
  }
}

const calendarDay = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' });
const dayOf = (isoDay: string) => calendarDay.format(new Date(`${isoDay}T00:00:00Z`));

/** A block of rows under its own column headings, inside one currency's table. */
interface Section {
  title: string;
  headers: [string, string, string];
  rows: [string, string, string][];
}

/** One currency's figures: amounts of different currencies are never put in one column. */
interface CurrencyTable {
  currency: string;
  orders: number;
  revenue: number;
  sections: Section[];
}

function currencyTables(summary: ReportSummary): CurrencyTable[] {
  const currencies = [
    ...new Set([
      ...summary.byStatus.map((row) => row.currency),
      ...summary.byDay.map((row) => row.currency),
      ...summary.topProducts.map((row) => row.currency),
    ]),
  ].sort();
  return currencies.map((currency) => {
    const byStatus = summary.byStatus.filter((row) => row.currency === currency);
    const byDay = summary.byDay.filter((row) => row.currency === currency);
    const topProducts = summary.topProducts.filter((row) => row.currency === currency);
    return {
      currency,
      orders: byStatus.reduce((total, row) => total + row.orders, 0),
      revenue: byDay.reduce((total, row) => total + row.revenue, 0),
      sections: [
        {
          title: 'By status',
          headers: ['Status', 'Orders', 'Amount'],
          rows: byStatus.map((row) => [
            statusLabel(row.status),
            String(row.orders),
            money(row.amount, currency),
          ]),
        },
        {
          title: 'By day',
          headers: ['Day', 'Orders', 'Revenue'],
          rows: byDay.map((row) => [dayOf(row.day), String(row.orders), money(row.revenue, currency)]),
        },
        {
          title: 'Top products',
          headers: ['Product', 'Quantity', 'Revenue'],
          rows: topProducts.map((row) => [
            row.productName,
            String(row.quantity),
            money(row.revenue, currency),
          ]),
        },
      ],
    };
  });
}

// The app's brand (src/styles.css): email clients ignore stylesheets, so the styles go inline.
const BRAND = { ink: '#111827', muted: '#4b5563', line: '#e5e7eb', surface: '#f9fafb', accent: '#1d4ed8' };
const FONT = `-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif`;
const CELL = `padding:6px 8px;border-bottom:1px solid ${BRAND.line};`;
const NUMBER = 'text-align:right;font-variant-numeric:tabular-nums;';
// Fixed column widths, so every currency's table lines up with the next.
const WIDTHS = ['50%', '25%', '25%'];

const ordersCount = (count: number) => `${count} ${count === 1 ? 'order' : 'orders'}`;

function htmlTable(table: CurrencyTable): string {
  const section = (part: Section) =>
    `<tbody><tr><th colspan="3" scope="colgroup" style="${CELL}text-align:left;padding-top:16px;font-size:14px;color:${BRAND.ink};">${escapeMarkup(part.title)}</th></tr>` +
    `<tr>${part.headers
      .map(
        (header, index) =>
          `<th scope="col" style="width:${WIDTHS[index]};${CELL}${index ? NUMBER : 'text-align:left;'}font-weight:600;color:${BRAND.muted};font-size:12px;">${escapeMarkup(header)}</th>`,
      )
      .join('')}</tr>` +
    (part.rows.length
      ? part.rows
          .map(
            (row) =>
              `<tr>${row
                .map((cell, index) => `<td style="${CELL}${index ? NUMBER : ''}">${escapeMarkup(cell)}</td>`)
                .join('')}</tr>`,
          )
          .join('')
      : `<tr><td colspan="3" style="${CELL}color:${BRAND.muted};">None</td></tr>`) +
    '</tbody>';
  return (
    `<table role="table" cellpadding="0" cellspacing="0" style="width:100%;border-collapse:collapse;table-layout:fixed;margin:0 0 24px;font-size:14px;color:${BRAND.ink};">` +
    `<caption style="text-align:left;font-size:16px;font-weight:600;padding:0 0 4px;">${escapeMarkup(table.currency)}: ${ordersCount(table.orders)}, ${escapeMarkup(money(table.revenue, table.currency))} revenue</caption>` +
    table.sections.map(section).join('') +
    '</table>'
  );
}

/**
 * The admins' email: the summary in text and HTML, one table per currency, and a link to the
 * report's page in the app, where a signed-in admin gets a short-lived download link. No presigned
 * URL goes in an email.
 */
export function renderReportEmail(input: {
  reportId: string;
  period: ReportPeriod;
  summary: ReportSummary;
  appUrl: string;
}): ReportEmail {
  const { period, summary } = input;
  const link = new URL(
    `reports/${encodeURIComponent(input.reportId)}`,
    input.appUrl.endsWith('/') ? input.appUrl : `${input.appUrl}/`,
  ).toString();
  const range = describePeriod(period, 'en');
  const tables = currencyTables(summary);
  const text = [
    `Orders report: ${range}`,
    `Orders: ${summary.orders}`,
    ...tables.flatMap((table) => [
      `${table.currency}: ${ordersCount(table.orders)}, ${money(table.revenue, table.currency)} revenue`,
      ...table.sections.map((part) =>
        [
          `${table.currency}, ${part.title.toLowerCase()}:`,
          ...(part.rows.length ? part.rows.map((row) => `  ${row.join('  |  ')}`) : ['  None']),
        ].join('\n'),
      ),
    ]),
    `Open the report: ${link}`,
  ].join('\n\n');
  const html =
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"></head>' +
    `<body style="margin:0;padding:0;background:${BRAND.surface};font-family:${FONT};color:${BRAND.ink};">` +
    `<div style="max-width:640px;margin:0 auto;padding:24px 16px;">` +
    `<p style="margin:0 0 16px;font-size:14px;font-weight:700;color:${BRAND.accent};">Secure Orders</p>` +
    `<div style="background:#ffffff;border:1px solid ${BRAND.line};border-radius:8px;padding:24px;">` +
    `<h1 style="margin:0 0 4px;font-size:20px;">Orders report</h1>` +
    `<p style="margin:0 0 24px;color:${BRAND.muted};">${escapeMarkup(range)} · ${ordersCount(summary.orders)}</p>` +
    (tables.length ? tables.map(htmlTable).join('') : `<p>No orders in this period.</p>`) +
    `<p style="margin:8px 0 0;"><a href="${escapeMarkup(link)}" style="display:inline-block;background:${BRAND.accent};color:#ffffff;text-decoration:none;padding:10px 16px;border-radius:6px;font-weight:600;">Open the report</a></p>` +
    `</div><p style="margin:16px 0 0;font-size:12px;color:${BRAND.muted};">You receive this because you are an administrator of Secure Orders. The report's file is in the app, behind sign-in.</p>` +
    '</div></body></html>';
  return { subject: `Orders report: ${range}`, text, html };
}
