import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { ValidationError } from '../core/validation.ts';
import { decodeCursor, encodeCursor, InvalidCursorError, keysetCursor } from './cursor.ts';

const position = { createdAt: '2026-03-01T10:00:00.123456Z', id: '7f0c4a2e-1b7d-4c8e-9f3a-2d5e6b7c8d9e' };
const reencode = (token: string, change: (value: Record<string, unknown>) => unknown) =>
  Buffer.from(JSON.stringify(change(JSON.parse(Buffer.from(token, 'base64url').toString('utf8'))))).toString(
    'base64url',
  );

describe('keyset cursors', () => {
  it('given a page position, when encoded and decoded, then the same position comes back, microseconds included', () => {
    const token = encodeCursor(position);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(token)).toEqual(position);
  });

  it('given any codec, when a position makes the round trip, then it is unchanged', () => {
    const codec = keysetCursor(z.strictObject({ after: z.number().int() }));
    expect(codec.decode(codec.encode({ after: 42 }))).toEqual({ after: 42 });
  });

  it.each([
    ['not base64url JSON', 'bm90LWEtY3Vyc29y'],
    [
      'an id that is no UUID',
      reencode(encodeCursor(position), (value) => ({ ...value, id: "1' OR '1'='1" })),
    ],
    [
      'a time rounded to milliseconds',
      reencode(encodeCursor(position), (value) => ({ ...value, createdAt: '2026-03-01T10:00:00.123Z' })),
    ],
    ['an extra field', reencode(encodeCursor(position), (value) => ({ ...value, ownerSub: 'someone-else' }))],
    ['a missing field', reencode(encodeCursor(position), ({ id }) => ({ id }))],
    ['an empty token', ''],
  ])("given a tampered cursor (%s), when decoded, then it is refused as the client's error", (_, token) => {
    expect(() => decodeCursor(token)).toThrow(ValidationError);
  });

  it('given a tampered token for another codec, when decoded, then InvalidCursorError says so', () => {
    const codec = keysetCursor(z.strictObject({ after: z.number().int() }));
    expect(() => codec.decode(codec.encode({ after: 1 }).slice(0, -2))).toThrow(InvalidCursorError);
  });
});
