import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_REGION, SERVICE_PATHS } from '../../local-cloud/config.ts';
import { DEMO_CUSTOMERS } from '../../local-cloud/demo-accounts.ts';
import { startHostileCloud } from './hostile-cloud.ts';

// Paths a browser can send but no one can decode (a truncated UTF-8 percent sequence). Each service
// must answer a 4xx in its own protocol's shape, never a 500 from an exception.

const [alice] = DEMO_CUSTOMERS;
if (!alice) throw new Error('no demo customer');
const UNDECODABLE = '%E0%A4%A';

let local: Awaited<ReturnType<typeof startHostileCloud>>;
let accessToken: string;
beforeAll(async () => {
  local = await startHostileCloud();
  accessToken = (await local.signIn(alice)).access;
});
afterAll(() => local?.stop());

describe('the HTTP API, given an undecodable path parameter', () => {
  it('when a signed-in customer posts to it, then 400 problem+json, and no handler runs', async () => {
    const response = await fetch(local.url(`${SERVICE_PATHS.httpApi}/orders/${UNDECODABLE}/cancel`), {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({
      type: 'urn:secure-orders:problem:validation-failed',
      status: 400,
      detail: expect.stringContaining('percent-encoding'),
    });
  });

  it('when no token comes with it, then still 400 (the gateway refuses the path before authorizing)', async () => {
    const response = await fetch(local.url(`${SERVICE_PATHS.httpApi}/reports/${UNDECODABLE}/download`));
    expect(response.status).toBe(400);
  });
});

describe('the other services, given an undecodable path', () => {
  it('when S3 is asked for such a key, then 400 InvalidURI in S3 XML', async () => {
    // S3 is on the loopback listener behind SigV4: the operator signs the request as sent.
    const target = new URL(local.url(`${SERVICE_PATHS.s3}/secure-orders-local-reports/${UNDECODABLE}`));
    const signer = new SignatureV4({
      service: 's3',
      region: LOCAL_REGION,
      credentials: local.cloud.operatorCredentials,
      sha256: Sha256,
      uriEscapePath: false,
    });
    const signed = await signer.sign({
      method: 'GET',
      protocol: target.protocol,
      hostname: target.hostname,
      port: Number(target.port),
      path: target.pathname,
      query: {},
      headers: { host: target.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
    });
    const response = await fetch(target, { headers: signed.headers });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('<Code>InvalidURI</Code>');
  });

  it.each([SERVICE_PATHS.cognito, SERVICE_PATHS.graphql])(
    'when %s is asked for it, then a 4xx, not a 500',
    async (route) => {
      const response = await fetch(local.url(`${route}/${UNDECODABLE}`), { method: 'POST', body: '{}' });
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
    },
  );
});
