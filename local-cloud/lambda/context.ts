import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from '../config.ts';

/** How long an invocation may run here; the handlers read what is left through the context. */
const INVOCATION_TIMEOUT_MS = 30_000;

/**
 * The Lambda `Context` one invocation of `functionName` receives: its names, a fresh request id and
 * a deadline that counts down. The local cloud and the tests that call handlers directly both use it.
 */
export function lambdaContext(functionName = 'test-function'): Context {
  const deadline = Date.now() + INVOCATION_TIMEOUT_MS;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}
