import pg from 'pg';
import { type CopyToStreamQuery, to as copyTo } from 'pg-copy-streams';
import type { CurrencyCode } from '../core/money.ts';
import { minorUnitDigits } from '../core/money-format.ts';
import { ORDER_STATUS_LABELS, ORDER_STATUSES } from '../core/order-lifecycle.ts';
import type { ReportPeriod } from '../core/order-requests.ts';
import type { Queryable } from './transaction.ts';

/**
 * The report's SQL. A period is a half-open range of calendar days [periodStart, periodEnd) in the
 * report's time zone; the aggregates run in the database, and the per-order rows stream through a
 * cursor so memory stays flat however many orders the period holds.
 */
export interface ReportScope extends ReportPeriod {
  /** IANA zone the calendar days are read in, e.g. 'Europe/Berlin'. */
  timeZone: string;
}

export interface StatusTotal {
  status: string;
  currency: string;
  orders: number;
  amount: number;
}
export interface DayTotal {
  day: string;
  currency: string;
  orders: number;
  revenue: number;
}
export interface ProductTotal {
  productId: string;
  productName: string;
  currency: string;
  quantity: number;
  revenue: number;
}
export interface ReportSummary {
  orders: number;
  byStatus: StatusTotal[];
  byDay: DayTotal[];
  topProducts: ProductTotal[];
}

/** The period's condition, given SQL for its first and first-excluded day and its time zone. */
const inPeriod = (start: string, end: string, zone: string) =>
  `o.created_at >= (${start}::date::timestamp AT TIME ZONE ${zone})
               AND o.created_at <  (${end}::date::timestamp AT TIME ZONE ${zone})`;
// With the period and zone as bind parameters $1, $2, $3.
const IN_PERIOD = inPeriod('$1', '$2', '$3');

/** Revenue excludes cancelled orders; status totals include every status. */
export async function reportSummary(db: Queryable, scope: ReportScope, topN = 10): Promise<ReportSummary> {
  const params = [scope.periodStart, scope.periodEnd, scope.timeZone];
  const queries = [
    () =>
      db.query(
        `SELECT o.status, o.currency, count(*)::int AS orders, sum(o.total_amount)::text AS amount
         FROM orders o WHERE ${IN_PERIOD}
        GROUP BY o.status, o.currency ORDER BY o.status, o.currency`,
        params,
      ),
    () =>
      db.query(
        `SELECT to_char(date_trunc('day', o.created_at AT TIME ZONE $3), 'YYYY-MM-DD') AS day, o.currency,
              count(*)::int AS orders,
              coalesce(sum(o.total_amount) FILTER (WHERE o.status <> 'CANCELLED'), 0)::text AS revenue
         FROM orders o WHERE ${IN_PERIOD}
        GROUP BY 1, 2 ORDER BY 1, 2`,
        params,
      ),
    () =>
      db.query(
        `SELECT i.product_id, i.product_name, o.currency, sum(i.quantity)::int AS quantity, sum(i.line_amount)::text AS revenue
         FROM orders o JOIN order_items i ON i.order_id = o.id
        WHERE ${IN_PERIOD} AND o.status <> 'CANCELLED'
        GROUP BY i.product_id, i.product_name, o.currency
        ORDER BY quantity DESC, i.product_name
        LIMIT $4`,
        [...params, topN],
      ),
  ] as const;
  // A pool runs the three at once; a single client would only queue them (and pg warns about that).
  const [byStatus, byDay, topProducts] = (
    db instanceof pg.Pool ? await Promise.all(queries.map((query) => query())) : await sequentially(queries)
  ) as [pg.QueryResult, pg.QueryResult, pg.QueryResult];
  const statusRows: StatusTotal[] = byStatus.rows.map((row) => ({
    status: row.status,
    currency: row.currency,
    orders: row.orders,
    amount: Number(row.amount),
  }));
  return {
    orders: statusRows.reduce((total, row) => total + row.orders, 0),
    byStatus: statusRows,
    byDay: byDay.rows.map((row) => ({
      day: row.day,
      currency: row.currency,
      orders: row.orders,
      revenue: Number(row.revenue),
    })),
    topProducts: topProducts.rows.map((row) => ({
      productId: row.product_id,
      productName: row.product_name,
      currency: row.currency,
      quantity: row.quantity,
      revenue: Number(row.revenue),
    })),
  };
}

async function sequentially<T>(queries: ReadonlyArray<() => Promise<T>>): Promise<T[]> {
  const results: T[] = [];
  for (const query of queries) results.push(await query());
  return results;
}

/**
 * The CSV's header, in column order: the aliases of the COPY query below. Written for the people who
 * open it in a spreadsheet: amounts in the currency's major unit (12.34, not 1234 cents), the time
 * zone of the timestamp named.
 */
export const REPORT_CSV_HEADER = 'Order ID,Created at (UTC),Status,Currency,Total (major units),Items';

/** A SQL CASE turning a status code into its label, from the one table of labels. */
const statusLabelSql = (column: string) =>
  `CASE ${column} ${ORDER_STATUSES.map((status) => `WHEN '${status}' THEN '${ORDER_STATUS_LABELS[status]}'`).join(' ')} END`;

/**
 * A SQL CASE giving a currency's minor-unit digits, from the same ICU data the app formats amounts
 * with (JPY 0, BHD 3, most 2), so the CSV's totals match what the pages and the email show.
 */
const minorUnitDigitsSql = (column: string) => {
  const exceptions = Intl.supportedValuesOf('currency')
    .map((code) => [code, minorUnitDigits(code as CurrencyCode)] as const)
    .filter(([code, digits]) => /^[A-Z]{3}$/.test(code) && digits !== 2);
  return `CASE ${column} ${exceptions.map(([code, digits]) => `WHEN '${code}' THEN ${digits}`).join(' ')} ELSE 2 END`;
};

/**
 * Every order of the period as CSV, oldest first, written by PostgreSQL itself (`COPY ... TO
 * STDOUT`, streamed by pg-copy-streams): no per-row JavaScript, and the stream pauses the socket
 * when its reader falls behind, so memory stays flat however many orders the period holds. Needs
 * its own client (the copy holds the connection until it ends); the caller releases it. The
 * stream's `rowCount` is the number of orders once it has ended.
 *
 * No cell needs spreadsheet-formula neutralization: every column is a uuid, a timestamp, a
 * non-negative amount, a count, a status label or a value the schema's CHECKs limit to capital
 * letters, so no cell can start with `=`, `+`, `-`, `@`, a tab or a carriage return
 * (report-queries.integration.test.ts).
 */
export function reportCsvStream(client: pg.PoolClient | pg.Client, scope: ReportScope): CopyToStreamQuery {
  // COPY takes no bind parameters: the period and the zone go in as escaped literals.
  const literal = (value: string) => client.escapeLiteral(value);
  return client.query(
    copyTo(
      `COPY (SELECT o.id AS "Order ID",
                    to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "Created at (UTC)",
                    ${statusLabelSql('o.status')} AS "Status",
                    o.currency AS "Currency",
                    round(o.total_amount::numeric / power(10::numeric, unit.digits), unit.digits) AS "Total (major units)",
                    o.item_count AS "Items"
               FROM orders o CROSS JOIN LATERAL (SELECT ${minorUnitDigitsSql('o.currency')} AS digits) unit
              WHERE ${inPeriod(literal(scope.periodStart), literal(scope.periodEnd), literal(scope.timeZone))}
              ORDER BY o.created_at, o.id)
       TO STDOUT WITH (FORMAT csv, HEADER)`,
    ),
  );
}
