import type { Context } from 'aws-lambda';
import { type FunctionName, functionEntryPath } from '../../amplify/functions/entries.ts';
import { lambdaContext } from './context.ts';

/**
 * Runs the project's real Lambda handlers in this process: the same module a bundle would contain,
 * called with a Lambda-shaped context. Only the process differs from the cloud (one process for all
 * functions, several invocations at once), never the code.
 */
export type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;
export type Invoke = (event: unknown) => Promise<unknown>;

export async function loadFunction(name: FunctionName): Promise<Invoke> {
  const module = (await import(functionEntryPath(name))) as {
    handler: LambdaHandler;
  };
  return (event) => module.handler(event, lambdaContext(name));
}
