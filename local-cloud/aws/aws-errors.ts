import type { ServerResponse } from 'node:http';
import { escapeMarkup } from '../../functions/lib/markup.ts';
import { sendJson } from '../service.ts';

/** An error in the AWS JSON protocol's shape (`__type` + message), which the SDK turns into a typed exception. */
export function sendAwsJsonError(response: ServerResponse, status: number, type: string, message: string) {
  sendJson(
    response,
    status,
    { __type: type, message },
    { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': type },
  );
}

/** An error in the REST-XML protocol's shape (S3). */
export function sendAwsXmlError(response: ServerResponse, status: number, code: string, message: string) {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${escapeMarkup(code)}</Code><Message>${escapeMarkup(message)}</Message></Error>`;
  response.writeHead(status, { 'content-type': 'application/xml' });
  response.end(body);
}

/** An error in the query protocol's shape (SES v1). */
export function sendAwsQueryError(response: ServerResponse, status: number, code: string, message: string) {
  const body = `<ErrorResponse><Error><Type>Sender</Type><Code>${escapeMarkup(code)}</Code><Message>${escapeMarkup(message)}</Message></Error><RequestId>local</RequestId></ErrorResponse>`;
  response.writeHead(status, { 'content-type': 'application/xml' });
  response.end(body);
}
