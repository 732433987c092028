import '../../core/zod-messages.ts';
import * as z from 'zod/mini';

/** A function started without the configuration it needs: it must not serve a single request. */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

/** A variable that must be set to a non-empty value. */
export const required = z.string({ error: 'is not set' }).check(z.minLength(1, 'is not set'));

/** A `true`/`false` switch, `true` unless set to exactly `false`. */
export const onUnlessFalse = z.pipe(
  z.optional(z.string()),
  z.transform((value) => value !== 'false'),
);

/**
 * Reads a function's environment through its schema, once, when the function's module loads (the
 * cold start), so a missing or malformed variable stops the function there with every problem
 * named, instead of surfacing later as a quiet no-op or a wrong answer.
 */
export function readConfig<Shape extends z.core.$ZodShape>(
  functionName: string,
  shape: Shape,
  env: NodeJS.ProcessEnv = process.env,
): z.output<z.ZodMiniObject<Shape>> {
  const parsed = z.object(shape).safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
  throw new ConfigurationError(`${functionName} is misconfigured: ${problems.join('; ')}`);
}
