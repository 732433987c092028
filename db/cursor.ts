import '../core/zod-messages.ts';
import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import { ValidationError } from '../core/validation.ts';
import type { Page } from './order-rows.ts';

/**
 * Keyset pagination cursors: the sort key of the last row of a page, opaque to clients. The
 * timestamp is kept as PostgreSQL's full-precision text (microseconds), because a JavaScript Date
 * would round it to milliseconds and skip or repeat rows that share a millisecond.
 *
 * A cursor may carry the `scope` of the listing that issued it (cursorScope: whose rows, which
 * filters), so one used with another caller or other filters is refused as such, not silently
 * read as a position in a listing it was not made for. It grants nothing: every query binds its
 * owner and filters from the request, never from the cursor, so a forged cursor can at most move
 * its bearer within rows they may read anyway. That is why it is validated, not signed.
 */
const TIMESTAMP = /^(\d{4})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const cursorSchema = z.strictObject({
  createdAt: z.string().check(
    z.regex(TIMESTAMP),
    // Calendar-valid and inside PostgreSQL's range, so a forged one is refused here, not by the server.
    z.refine((value) => {
      const year = Number(TIMESTAMP.exec(value)?.[1]);
      const parsed = Date.parse(value);
      return (
        year >= 1 &&
        !Number.isNaN(parsed) &&
        new Date(parsed).toISOString().slice(0, 19) === value.slice(0, 19)
      );
    }),
  ),
  id: z.uuid(),
  scope: z.optional(z.string().check(z.regex(/^[\w-]{22}$/))),
});
export type PageCursor = z.output<typeof cursorSchema>;

/** Longer than any cursor we issue: refused before decoding. */
const MAX_CURSOR_LENGTH = 256;

/** Names a listing (whose rows, which filters) in 128 bits, for cursors to carry. */
export function cursorScope(...parts: ReadonlyArray<string | null | undefined>): string {
  return createHash('sha256')
    .update(JSON.stringify(parts.map((part) => part ?? null)))
    .digest('base64url')
    .slice(0, 22);
}

/** A page token that is not one this service issued (garbled, tampered with, too long, or from elsewhere). */
export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
}

/**
 * A keyset cursor codec: the sort key of the last row of a page, as an opaque URL-safe token, and
 * back. Decoding validates with `schema`, so a tampered token is refused before it reaches SQL.
 */
export function keysetCursor<Schema extends z.core.$ZodType>(schema: Schema) {
  return {
    encode(position: z.input<Schema>): string {
      return Buffer.from(JSON.stringify(position)).toString('base64url');
    },
    decode(token: string): z.output<Schema> {
      try {
        if (token.length > MAX_CURSOR_LENGTH) throw new RangeError('cursor too long');
        return z.parse(schema, JSON.parse(Buffer.from(token, 'base64url').toString('utf8')));
      } catch {
        throw new InvalidCursorError('Invalid page cursor');
      }
    },
  };
}

/** The cursor of the newest-first keyset queries on `(created_at, id)`. */
const createdAtCursor = keysetCursor(cursorSchema);

export const encodeCursor = createdAtCursor.encode;

/** Reads a cursor issued for the listing `scope` names; anything else is a validation error on `cursor`. */
export function decodeCursor(token: string, scope?: string): PageCursor {
  let cursor: PageCursor;
  try {
    cursor = createdAtCursor.decode(token);
  } catch {
    throw new ValidationError([{ path: 'cursor', message: 'Invalid page cursor' }]);
  }
  if (cursor.scope !== scope) {
    throw new ValidationError([
      {
        path: 'cursor',
        message:
          'The cursor belongs to another listing (another user or other filters): start from the first page',
      },
    ]);
  }
  return cursor;
}

/** SQL that renders a timestamptz column in the cursor's exact format. */
export function cursorTimestampSql(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/**
 * A page from rows a keyset query fetched with `LIMIT limit + 1` (the extra row only tells that
 * another page follows), each row carrying its `id` and `cursor_created_at` (cursorTimestampSql).
 * `scope` (cursorScope) ties the next page's cursor to this listing.
 */
export function toPage<Item>(
  rows: Record<string, unknown>[],
  limit: number,
  toItem: (row: Record<string, unknown>) => Item,
  scope?: string,
): Page<Item> {
  const pageRows = rows.slice(0, limit);
  const last = pageRows.at(-1);
  return {
    items: pageRows.map(toItem),
    nextCursor:
      rows.length > limit && last
        ? encodeCursor({
            createdAt: String(last.cursor_created_at),
            id: String(last.id),
            ...(scope && { scope }),
          })
        : null,
  };
}
