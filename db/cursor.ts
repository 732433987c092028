// A namespace import lets esbuild drop the parts of zod we do not use (locales included).
import * as z from 'zod';
import { ValidationError } from '../core/validation.ts';
import type { Page } from './order-rows.ts';

/**
 * Keyset pagination cursors: the sort key of the last row of a page, opaque to clients. The
 * timestamp is kept as PostgreSQL's full-precision text (microseconds), because a JavaScript Date
 * would round it to milliseconds and skip or repeat rows that share a millisecond.
 */
const cursorSchema = z.strictObject({
  createdAt: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/),
  id: z.uuid(),
});
export type PageCursor = z.output<typeof cursorSchema>;

function encodeCursor(cursor: PageCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

export function decodeCursor(token: string): PageCursor {
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(token, 'base64url').toString('utf8')));
  } catch {
    throw new ValidationError([{ path: 'cursor', message: 'Invalid page cursor' }]);
  }
}

/** SQL that renders a timestamptz column in the cursor's exact format. */
export function cursorTimestampSql(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/**
 * A page from rows a keyset query fetched with `LIMIT limit + 1` (the extra row only tells that
 * another page follows), each row carrying its `id` and `cursor_created_at` (cursorTimestampSql).
 */
export function toPage<Item>(
  rows: Record<string, unknown>[],
  limit: number,
  toItem: (row: Record<string, unknown>) => Item,
): Page<Item> {
  const pageRows = rows.slice(0, limit);
  const last = pageRows.at(-1);
  return {
    items: pageRows.map(toItem),
    nextCursor:
      rows.length > limit && last
        ? encodeCursor({ createdAt: String(last.cursor_created_at), id: String(last.id) })
        : null,
  };
}
