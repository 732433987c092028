import type { FunctionName } from '../../amplify/functions/entries.ts';
import { localArn } from '../iam/function-policies.ts';
import { type Authorize, sendAccessDenied } from '../iam/signed-api.ts';
import { type LocalService, readBody, sendJson } from '../service.ts';
import type { Invoke } from './local-lambda.ts';

/**
 * Lambda's Invoke API (POST /2015-03-31/functions/<name>/invocations) for the running local cloud,
 * so `npm run invoke -- <function>` runs a function inside it, against its database and services.
 * As in AWS it is a signed AWS API (mount it behind requireSigV4, on the internal listener only),
 * and the caller needs lambda:InvokeFunction on the function: the operator has it, no role does.
 */
export function createLambdaService(
  functions: Partial<Record<FunctionName, Invoke>>,
  authorize: Authorize,
): LocalService {
  return {
    async handle(request, response) {
      const match = /^\/2015-03-31\/functions\/([a-z-]+)\/invocations$/.exec(
        new URL(request.url ?? '/', 'http://local').pathname,
      );
      const name = match?.[1] ?? '';
      const denied = authorize(request, {
        action: 'lambda:InvokeFunction',
        resource: localArn('lambda', `function:${name}`),
      });
      if (denied) return sendAccessDenied(response, 'json', denied);
      const invoke = Object.hasOwn(functions, name) ? functions[name as FunctionName] : undefined;
      if (request.method !== 'POST' || !invoke) {
        return sendJson(response, 404, {
          Type: 'User',
          message: `Function not found; known: ${Object.keys(functions).join(', ')}`,
        });
      }
      const text = (await readBody(request)).toString('utf8');
      try {
        sendJson(response, 200, (await invoke(text ? JSON.parse(text) : {})) ?? null);
      } catch (error) {
        sendJson(
          response,
          200,
          { errorType: (error as Error).name, errorMessage: (error as Error).message },
          { 'x-amz-function-error': 'Unhandled' },
        );
      }
    },
  };
}
