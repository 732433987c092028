import '../../tests/support/function-env.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lambdaContext } from '../../local-cloud/lambda/context.ts';
import {
  APP_CLIENT_ID,
  apiEvent,
  claimsFor,
  eventAs,
  parseResponse,
} from '../../tests/support/api-events.ts';
import { closePool } from '../lib/database.ts';
import { handler } from './handler.ts';

/** Requests the API refuses before (or without) reaching a database. */
const orderBody = {
  currency: 'USD',
  items: [{ productId: '6f1c1f8e-7c39-4a8b-9d2a-3b1f5c8e9a01', quantity: 1 }],
};
const anOrderId = '6f1c1f8e-7c39-4a8b-9d2a-3b1f5c8e9a02';

async function send(event: ReturnType<typeof apiEvent>) {
  return parseResponse(await handler(event, lambdaContext()));
}

describe('orders API without a database', () => {
  beforeEach(() => {
    process.env.APP_CLIENT_ID = APP_CLIENT_ID;
    // Nothing listens on port 1: any route that reaches the database finds it unreachable.
    process.env.DATABASE_URL = 'postgres://postgres@127.0.0.1:1/none';
  });

  afterEach(async () => {
    await closePool();
  });

  it('given an unknown route, when called, then 404 problem+json', async () => {
    const response = await send(eventAs('customerA', { method: 'GET', path: '/nowhere' }));
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(response.body).toMatchObject({
      type: 'urn:secure-orders:problem:not-found',
      title: 'Not found',
      status: 404,
    });
  });

  it('given a body over 64 KB, when posted, then 413 before anything else runs', async () => {
    const response = await send(
      eventAs('anonymous', {
        method: 'POST',
        path: '/orders',
        rawBody: JSON.stringify({ padding: 'x'.repeat(65 * 1024) }),
      }),
    );
    expect(response.statusCode).toBe(413);
    expect(response.body.type).toBe('urn:secure-orders:problem:payload-too-large');
  });

  it('given an ID token instead of an access token, when ordering, then 401 with WWW-Authenticate', async () => {
    const response = await send(
      apiEvent({
        method: 'POST',
        path: '/orders',
        body: orderBody,
        claims: { ...claimsFor('customerA'), token_use: 'id' },
      }),
    );
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer');
  });

  it('given a token minted for another client, when ordering, then 401', async () => {
    const response = await send(
      apiEvent({
        method: 'POST',
        path: '/orders',
        body: orderBody,
        claims: { ...claimsFor('customerA'), client_id: 'x' },
      }),
    );
    expect(response.statusCode).toBe(401);
  });

  it('given a body that is not JSON, when ordering, then 400', async () => {
    const response = await send(
      eventAs('customerA', {
        method: 'POST',
        path: '/orders',
        rawBody: '{"currency":',
        headers: { 'idempotency-key': 'key-12345' },
      }),
    );
    expect(response.statusCode).toBe(400);
    expect(response.body.detail).toBe('The body is not valid JSON');
  });

  it('given a body declared as text, when ordering, then 415', async () => {
    const response = await send(
      eventAs('customerA', {
        method: 'POST',
        path: '/orders',
        body: orderBody,
        headers: { 'idempotency-key': 'key-12345', 'content-type': 'text/plain' },
      }),
    );
    expect(response.statusCode).toBe(415);
  });

  it('given an order id that is not a UUID, when cancelling, then 400 names the path parameter', async () => {
    const response = await send(
      eventAs('customerA', { method: 'POST', path: "/orders/1'%20OR%201=1--/cancel" }),
    );
    expect(response.statusCode).toBe(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ path: 'id' })]);
  });

  it('given a malformed percent-encoding in the path, when called, then 400', async () => {
    const response = await send(eventAs('customerA', { method: 'POST', path: '/orders/%E0%A4%A/cancel' }));
    expect(response.statusCode).toBe(400);
  });

  it('given a header value no HTTP stack accepts, when called, then 400 rather than a crash', async () => {
    const response = await send(
      eventAs('customerA', { method: 'GET', path: '/reports', headers: { 'x-bad': 'a\r\nb' } }),
    );
    expect(response.statusCode).toBe(400);
  });

  it('given the database cannot be reached, when a valid order is placed, then 503 with Retry-After and no detail of the failure', async () => {
    const response = await send(
      eventAs('customerA', {
        method: 'POST',
        path: '/orders',
        body: orderBody,
        headers: { 'idempotency-key': 'key-12345' },
      }),
    );
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
    expect(JSON.stringify(response.body)).not.toContain('127.0.0.1');
  });

  it('given the database cannot be reached, when cancelling, then 503', async () => {
    const response = await send(
      eventAs('customerA', { method: 'POST', path: `/orders/${anOrderId}/cancel` }),
    );
    expect(response.statusCode).toBe(503);
  });

  it('given a failure nobody anticipated, when a route runs, then 500 carries only a correlation id', async () => {
    delete process.env.DATABASE_URL;
    delete process.env.DB_SECRET_ARN;
    const event = eventAs('admin', { method: 'GET', path: '/reports' });
    const response = await send(event);
    expect(response.statusCode).toBe(500);
    expect(response.body).toEqual({
      type: 'urn:secure-orders:problem:internal-error',
      title: 'Internal error',
      status: 500,
      detail: 'Something went wrong on our side',
      correlationId: event.requestContext.requestId,
    });
  });
});
