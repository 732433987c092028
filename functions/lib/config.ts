// A namespace import lets esbuild drop the parts of zod we do not use (`import { z }` keeps all of it).
import * as z from 'zod';

/** A function started without the configuration it needs: it must not serve a single request. */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

/** A variable that must be set to a non-empty value. */
export const required = z.string({ error: 'is not set' }).min(1, 'is not set');

/** A `true`/`false` switch, `true` unless set to exactly `false`. */
export const onUnlessFalse = z
  .string()
  .optional()
  .transform((value) => value !== 'false');

/**
 * Reads a function's environment through its schema, once, when the function's module loads (the
 * cold start), so a missing or malformed variable stops the function there with every problem
 * named, instead of surfacing later as a quiet no-op or a wrong answer.
 */
export function readConfig<Shape extends z.ZodRawShape>(
  functionName: string,
  shape: Shape,
  env: NodeJS.ProcessEnv = process.env,
): z.output<z.ZodObject<Shape>> {
  const parsed = z.object(shape).safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
  throw new ConfigurationError(`${functionName} is misconfigured: ${problems.join('; ')}`);
}
