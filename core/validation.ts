import './zod-messages.ts';
import * as z from 'zod/mini';

/** One failing field: its path in the input (`items.3.quantity`) and what is wrong with it. */
export interface FieldIssue {
  path: string;
  message: string;
}

/** Input that breaks a schema. Carries every failing field so a client can show them all at once. */
export class ValidationError extends Error {
  override readonly name = 'ValidationError';
  constructor(readonly issues: FieldIssue[]) {
    super(issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join('; '));
  }
}

function pathOf(path: ReadonlyArray<PropertyKey>): string {
  return path.map((segment) => String(segment)).join('.');
}

/**
 * Parses untrusted input. Returns the typed value, or throws `ValidationError`, never anything
 * else: zod's own exceptions for hostile input (getters that throw, proxies) are caught too.
 */
export function parseInput<Output>(schema: z.core.$ZodType<Output>, input: unknown): Output {
  let result: z.core.util.SafeParseResult<Output>;
  try {
    result = z.safeParse(schema, input);
  } catch {
    throw new ValidationError([{ path: '', message: 'Input could not be read' }]);
  }
  if (result.success) return result.data;
  throw new ValidationError(
    result.error.issues.map((issue) => ({ path: pathOf(issue.path), message: issue.message })),
  );
}
