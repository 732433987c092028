import { randomUUID } from 'node:crypto';
import type { JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { LOCAL_USER_POOL_CLIENT_ID, SERVICE_PATHS } from '../../local-cloud/config.ts';
import { DEMO_CUSTOMERS } from '../../local-cloud/demo-accounts.ts';
import { startHostileCloud, without } from './hostile-cloud.ts';

// Tokens signed with the pool's real key whose claims AWS would still refuse. AppSync (user-pool
// auth) wants exp, iat, iss, token_use and the app client (client_id of an access token, aud of an ID
// token); API Gateway's JWT authorizer wants kid, iss, the audience, exp, and nbf/iat not in the future.

const [alice] = DEMO_CUSTOMERS;
if (!alice) throw new Error('no demo customer');

let local: Awaited<ReturnType<typeof startHostileCloud>>;
let tokens: { access: string; id: string };
beforeAll(async () => {
  local = await startHostileCloud();
  tokens = await local.signIn(alice);
});
afterAll(() => local?.stop());

const LIST_PRODUCTS = '{ listProducts(limit: 1) { items { id } } }';

function graphql(authorization: string) {
  return fetch(local.url(SERVICE_PATHS.graphql), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization },
    body: JSON.stringify({ query: LIST_PRODUCTS }),
  });
}

/** The first message the realtime endpoint answers connection_init with. */
function realtimeHandshake(authorization: string): Promise<{ type: string }> {
  const header = Buffer.from(JSON.stringify({ Authorization: authorization, host: 'local' })).toString(
    'base64url',
  );
  const url = `${local.cloud.origin.replace('https', 'wss')}${SERVICE_PATHS.graphql}/realtime`;
  const socket = new WebSocket(url, ['graphql-ws', `header-${header}`], { ca: local.cloud.caCert });
  return new Promise((resolve, reject) => {
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init' })));
    socket.on('message', (data) => {
      resolve(JSON.parse(String(data)));
      socket.close();
    });
    socket.on('error', reject);
  });
}

function ordersApi(authorization: string) {
  return fetch(local.url(`${SERVICE_PATHS.httpApi}/orders`), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'idempotency-key': randomUUID(),
      authorization: `Bearer ${authorization}`,
    },
    body: JSON.stringify({ currency: 'USD', items: [] }),
  });
}

const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;
const edits: Array<[string, (claims: JWTPayload) => JWTPayload]> = [
  ['no exp', without('exp')],
  ['no iat', without('iat')],
  ['no token_use', without('token_use')],
  ['no client_id', without('client_id')],
  ['another app client', (claims) => ({ ...claims, client_id: 'someoneelsesclient' })],
  ['another issuer', (claims) => ({ ...claims, iss: 'https://cognito-idp.eu-west-1.amazonaws.com/x' })],
  ['an iat in the future', (claims) => ({ ...claims, iat: inAnHour() })],
];

describe('AppSync over HTTP refuses a validly signed token whose claims AWS would refuse', () => {
  it('given the untouched access token, then the query runs (the probe itself is sound)', async () => {
    expect((await graphql(await local.resign(tokens.access, (claims) => claims))).status).toBe(200);
  });

  it.each(edits)('given an access token with %s, then 401 UnauthorizedException', async (_, edit) => {
    const response = await graphql(await local.resign(tokens.access, edit));
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ errors: [{ errorType: 'UnauthorizedException' }] });
  });

  it('given an ID token of the app client, then the query runs, as AppSync accepts ID tokens', async () => {
    expect((await graphql(tokens.id)).status).toBe(200);
  });

  it('given an ID token for another app client, then 401', async () => {
    const forged = await local.resign(tokens.id, (claims) => ({ ...claims, aud: 'someoneelsesclient' }));
    expect((await graphql(forged)).status).toBe(401);
  });
});

describe('AppSync realtime refuses the same tokens at connection_init', () => {
  it('given the untouched access token, then connection_ack', async () => {
    expect(await realtimeHandshake(tokens.access)).toMatchObject({ type: 'connection_ack' });
  });

  it.each(edits)('given an access token with %s, then connection_error', async (_, edit) => {
    const answer = await realtimeHandshake(await local.resign(tokens.access, edit));
    expect(answer).toMatchObject({ type: 'connection_error' });
  });
});

describe("the HTTP API's JWT authorizer holds API Gateway's claim rules", () => {
  const refused: Array<[string, (claims: JWTPayload) => JWTPayload, { kid?: string }?]> = [
    ['no exp', without('exp')],
    ['an iat in the future', (claims) => ({ ...claims, iat: inAnHour() })],
    ['an nbf in the future', (claims) => ({ ...claims, nbf: inAnHour() })],
    ['no kid in its header', (claims) => claims, { kid: undefined }],
    ['another audience', (claims) => ({ ...claims, client_id: 'someoneelsesclient' })],
  ];

  it.each(refused)('given an access token with %s, then 401 before the handler', async (_, edit, header) => {
    const response = await ordersApi(await local.resign(tokens.access, edit, header));
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ message: 'Unauthorized' });
  });

  it('given the app client id as audience, then the authorizer lets it through to the handler', async () => {
    const response = await ordersApi(tokens.access);
    expect(response.status).not.toBe(401);
    expect(LOCAL_USER_POOL_CLIENT_ID).toBeTruthy();
  });
});
