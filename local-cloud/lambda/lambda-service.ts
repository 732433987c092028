import { type LocalService, readBody, sendJson } from '../service.ts';
import type { FunctionName, Invoke } from './local-lambda.ts';

/**
 * Lambda's Invoke API (POST /2015-03-31/functions/<name>/invocations) for the running local cloud,
 * so `npm run invoke -- <function>` runs a function inside it, against its database and services.
 * Where AWS wants a signed request, this wants the token the local cloud wrote to a file only its
 * user can read: a web page cannot send that header without a CORS preflight nobody answers.
 */
export const INVOKE_TOKEN_HEADER = 'x-local-cloud-token';

export function createLambdaService(
  functions: Partial<Record<FunctionName, Invoke>>,
  token: string,
): LocalService {
  return {
    async handle(request, response) {
      if (request.headers[INVOKE_TOKEN_HEADER] !== token) {
        return sendJson(response, 403, { Type: 'User', message: `Missing or wrong ${INVOKE_TOKEN_HEADER}` });
      }
      const match = /^\/2015-03-31\/functions\/([a-z-]+)\/invocations$/.exec(
        new URL(request.url ?? '/', 'http://local').pathname,
      );
      const invoke = match ? functions[match[1] as FunctionName] : undefined;
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
