import { fileURLToPath } from 'node:url';
import type { Context } from 'aws-lambda';
import { lambdaContext } from './context.ts';

/**
 * Runs the project's real Lambda handlers in this process: the same module a bundle would contain,
 * called with a Lambda-shaped context. Only the process differs from the cloud (one process for all
 * functions, several invocations at once), never the code.
 */
export type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;
export type Invoke = (event: unknown) => Promise<unknown>;

export const FUNCTION_ENTRIES = {
  'orders-api': '../../functions/orders-api/handler.ts',
  'outbox-relay': '../../functions/outbox-relay/handler.ts',
  report: '../../functions/report/handler.ts',
  migrate: '../../functions/migrate/handler.ts',
  'pre-token-generation': '../../functions/pre-token-generation/handler.ts',
} as const;
export type FunctionName = keyof typeof FUNCTION_ENTRIES;

export async function loadFunction(name: FunctionName): Promise<Invoke> {
  const module = (await import(fileURLToPath(new URL(FUNCTION_ENTRIES[name], import.meta.url)))) as {
    handler: LambdaHandler;
  };
  return (event) => module.handler(event, lambdaContext(name));
}
