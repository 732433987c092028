import type pg from 'pg';
import type { ReportPeriod } from '../core/order-requests.ts';
import { cursorTimestampSql, decodeCursor, toPage } from './cursor.ts';
import type { Page } from './order-rows.ts';
import type { ReportSummary } from './report-queries.ts';
import type { Queryable } from './transaction.ts';

/**
 * Bookkeeping for the reports table: one row per period (UNIQUE), moved PENDING -> RUNNING ->
 * READY | FAILED by the report function, with the email recorded so that each period is mailed
 * once. Generation of one report is serialized by a session advisory lock (`tryLockReport`), which
 * PostgreSQL releases by itself if the holder dies, so a crashed run never blocks its retry.
 */
export const REPORT_STATUSES = ['PENDING', 'RUNNING', 'READY', 'FAILED'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export interface ReportRecord {
  id: string;
  periodStart: string;
  periodEnd: string;
  status: ReportStatus;
  objectKey: string | null;
  rowCount: number | null;
  summary: ReportSummary | null;
  requestedBy: string;
  createdAt: string;
  completedAt: string | null;
  emailClaimedAt: string | null;
  emailedAt: string | null;
}

const REPORT_COLUMNS = `id, to_char(period_start, 'YYYY-MM-DD') AS period_start, to_char(period_end, 'YYYY-MM-DD') AS period_end,
  status, object_key, row_count, summary, requested_by, created_at, completed_at, email_claimed_at, emailed_at`;

const isoOrNull = (value: unknown) => (value == null ? null : new Date(value as string).toISOString());

function toReport(row: Record<string, unknown>): ReportRecord {
  return {
    id: String(row.id),
    periodStart: String(row.period_start),
    periodEnd: String(row.period_end),
    status: row.status as ReportStatus,
    objectKey: (row.object_key as string | null) ?? null,
    rowCount: row.row_count == null ? null : Number(row.row_count),
    summary: (row.summary as ReportSummary | null) ?? null,
    requestedBy: String(row.requested_by),
    createdAt: new Date(row.created_at as string).toISOString(),
    completedAt: isoOrNull(row.completed_at),
    emailClaimedAt: isoOrNull(row.email_claimed_at),
    emailedAt: isoOrNull(row.emailed_at),
  };
}

/**
 * Records that a period's report is wanted. A new period starts PENDING; a finished or failed one
 * is queued again (`requeue`, on demand), a pending or running one is left as it is. The upsert
 * locks the row, so concurrent requests for one period agree on a single row.
 */
export async function requestReport(
  db: Queryable,
  input: { period: ReportPeriod; requestedBy: string; requeue: boolean },
): Promise<ReportRecord> {
  const { rows } = await db.query(
    `INSERT INTO reports AS r (period_start, period_end, requested_by) VALUES ($1, $2, $3)
     ON CONFLICT (period_start, period_end) DO UPDATE
       SET status = CASE WHEN $4 AND r.status IN ('READY', 'FAILED') THEN 'PENDING' ELSE r.status END
     RETURNING ${REPORT_COLUMNS}`,
    [input.period.periodStart, input.period.periodEnd, input.requestedBy, input.requeue],
  );
  return toReport(rows[0]);
}

export async function getReport(db: Queryable, reportId: string): Promise<ReportRecord | null> {
  const { rows } = await db.query(`SELECT ${REPORT_COLUMNS} FROM reports WHERE id = $1`, [reportId]);
  return rows[0] ? toReport(rows[0]) : null;
}

/** Newest first, a keyset page after `cursor` (the `nextCursor` of the page before). */
export async function listReports(
  db: Queryable,
  input: { limit: number; cursor?: string | null },
): Promise<Page<ReportRecord>> {
  const after = input.cursor ? decodeCursor(input.cursor) : null;
  const { rows } = await db.query(
    `SELECT ${REPORT_COLUMNS}, ${cursorTimestampSql('created_at')} AS cursor_created_at FROM reports
      WHERE $2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::uuid)
      ORDER BY created_at DESC, id DESC LIMIT $1`,
    [input.limit + 1, after?.createdAt ?? null, after?.id ?? null],
  );
  return toPage(rows, input.limit, toReport);
}

const lockKey = (reportId: string) => `report:${reportId}`;

/** Takes the report's generation lock on this session, or returns false if another run holds it. */
export async function tryLockReport(client: pg.PoolClient | pg.Client, reportId: string): Promise<boolean> {
  const { rows } = await client.query('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked', [
    lockKey(reportId),
  ]);
  return rows[0]?.locked === true;
}

export async function unlockReport(client: pg.PoolClient | pg.Client, reportId: string): Promise<void> {
  await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [lockKey(reportId)]);
}

export async function markReportRunning(db: Queryable, reportId: string): Promise<void> {
  await db.query(`UPDATE reports SET status = 'RUNNING' WHERE id = $1`, [reportId]);
}

export async function completeReport(
  db: Queryable,
  input: { reportId: string; objectKey: string; rowCount: number; summary: ReportSummary },
): Promise<ReportRecord> {
  const { rows } = await db.query(
    `UPDATE reports SET status = 'READY', object_key = $2, row_count = $3, summary = $4, completed_at = now()
      WHERE id = $1 RETURNING ${REPORT_COLUMNS}`,
    [input.reportId, input.objectKey, input.rowCount, JSON.stringify(input.summary)],
  );
  return toReport(rows[0]);
}

export async function failReport(db: Queryable, reportId: string): Promise<void> {
  await db.query(`UPDATE reports SET status = 'FAILED' WHERE id = $1 AND status <> 'READY'`, [reportId]);
}

/**
 * Claims the period's one email. Call it under the report's lock: it returns false once the email
 * has been sent, true otherwise (also when an earlier run claimed it and died before recording
 * the send, the only case that can mail twice).
 */
export async function claimReportEmail(db: Queryable, reportId: string): Promise<boolean> {
  const { rows } = await db.query(
    `UPDATE reports SET email_claimed_at = now() WHERE id = $1 AND emailed_at IS NULL RETURNING id`,
    [reportId],
  );
  return rows.length === 1;
}

export async function markReportEmailed(db: Queryable, reportId: string): Promise<void> {
  await db.query('UPDATE reports SET emailed_at = now() WHERE id = $1', [reportId]);
}
