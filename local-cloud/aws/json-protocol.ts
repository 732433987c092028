import type { IncomingMessage, ServerResponse } from 'node:http';
import type * as z from 'zod';
import { parseJson, readBody } from '../service.ts';
import { sendAwsJsonError } from './aws-errors.ts';

/**
 * Reads one call in the AWS JSON protocol (`POST`, `x-amz-target: <operation>`, a JSON body): the
 * body as `schema` parses it, or undefined once the error the service would give has been sent
 * (UnknownOperationException for any other operation, `invalidBodyError` for a body that does not parse).
 */
export async function readJsonOperation<Schema extends z.ZodType>(
  request: IncomingMessage,
  response: ServerResponse,
  call: { operation: string; schema: Schema; invalidBodyError: string },
): Promise<z.output<Schema> | undefined> {
  const target = request.headers['x-amz-target'];
  if (request.method !== 'POST' || target !== call.operation) {
    sendAwsJsonError(response, 400, 'UnknownOperationException', `Unsupported operation ${String(target)}`);
    return undefined;
  }
  const parsed = call.schema.safeParse(parseJson((await readBody(request)).toString('utf8')));
  if (!parsed.success) {
    sendAwsJsonError(response, 400, call.invalidBodyError, parsed.error.message);
    return undefined;
  }
  return parsed.data;
}
