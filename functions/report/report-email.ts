import { formatMoney } from '../../core/money-format.ts';
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
    return formatMoney(amountMinor, currency);
  } catch {
    return `${amountMinor} ${currency} (minor units)`;
  }
}

interface Table {
  title: string;
  headers: string[];
  rows: string[][];
}

function tablesOf(summary: ReportSummary): Table[] {
  return [
    {
      title: 'By status',
      headers: ['Status', 'Orders', 'Amount'],
      rows: summary.byStatus.map((row) => [row.status, String(row.orders), money(row.amount, row.currency)]),
    },
    {
      title: 'By day',
      headers: ['Day', 'Orders', 'Revenue'],
      rows: summary.byDay.map((row) => [row.day, String(row.orders), money(row.revenue, row.currency)]),
    },
    {
      title: 'Top products',
      headers: ['Product', 'Quantity', 'Revenue'],
      rows: summary.topProducts.map((row) => [
        row.productName,
        String(row.quantity),
        money(row.revenue, row.currency),
      ]),
    },
  ];
}

/**
 * The admins' email: the summary in text and HTML and a link to the report's page in the app,
 * where a signed-in admin gets a short-lived download link. No presigned URL goes in an email.
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
  const range = `${period.periodStart} to ${period.periodEnd} (end exclusive)`;
  const tables = tablesOf(summary);
  const text = [
    `Orders report for ${range}`,
    `Orders: ${summary.orders}`,
    ...tables.map((table) =>
      [
        `${table.title}:`,
        ...(table.rows.length ? table.rows.map((row) => `  ${row.join('  |  ')}`) : ['  (none)']),
      ].join('\n'),
    ),
    `Open the report: ${link}`,
  ].join('\n\n');
  const htmlTable = (table: Table) =>
    `<h3>${escapeMarkup(table.title)}</h3><table border="1" cellpadding="4" cellspacing="0"><thead><tr>${table.headers
      .map((header) => `<th>${escapeMarkup(header)}</th>`)
      .join('')}</tr></thead><tbody>${
      table.rows.length
        ? table.rows
            .map((row) => `<tr>${row.map((cell) => `<td>${escapeMarkup(cell)}</td>`).join('')}</tr>`)
            .join('')
        : `<tr><td colspan="${table.headers.length}">None</td></tr>`
    }</tbody></table>`;
  const html = `<!doctype html><html><body><h2>Orders report for ${escapeMarkup(range)}</h2><p>Orders: ${summary.orders}</p>${tables
    .map(htmlTable)
    .join('')}<p><a href="${escapeMarkup(link)}">Open the report</a></p></body></html>`;
  return { subject: `Orders report ${period.periodStart} to ${period.periodEnd}`, text, html };
}
