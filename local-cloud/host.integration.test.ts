import { mkdtempSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalHost, startLocalHost } from './host.ts';
import { sendJson } from './service.ts';
import { ensureLocalTls, type LocalTls } from './tls.ts';

describe('the local host', () => {
  let tls: LocalTls;
  let host: LocalHost;
  const dir = mkdtempSync(join(tmpdir(), 'so-tls-'));

  beforeAll(async () => {
    tls = await ensureLocalTls(dir);
    host = await startLocalHost({
      tls,
      httpPort: 0,
      routes: { '/echo': { handle: (request, response) => sendJson(response, 200, { path: request.url }) } },
    });
  });
  afterAll(() => host?.close());

  function get(url: string, ca?: string): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      httpsRequest(url, { ca }, (response) => {
        let body = '';
        response.on('data', (chunk) => {
          body += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      })
        .on('error', reject)
        .end();
    });
  }

  it('given the local CA, when a client calls over TLS, then the certificate verifies and the prefix is stripped', async () => {
    const { status, body } = await get(`${host.httpsUrl}/echo/a/b?c=1`, tls.caCert);
    expect(status).toBe(200);
    expect(JSON.parse(body)).toEqual({ path: '/a/b?c=1' });
  });

  it('given a client that does not trust the local CA, when it calls, then TLS verification fails', async () => {
    await expect(get(`${host.httpsUrl}/echo`)).rejects.toThrow(/self-signed|unable to verify|certificate/i);
  });

  it('given the loopback HTTP listener, when the same route is called, then it answers the same', async () => {
    const response = await fetch(`${host.httpUrl}/echo/x`);
    expect(await response.json()).toEqual({ path: '/x' });
  });

  it('given an unknown path and no fallback, then it is 404', async () => {
    expect((await fetch(`${host.httpUrl}/nowhere`)).status).toBe(404);
  });

  it('given an existing CA, when TLS is ensured again, then the same certificates are reused', async () => {
    const again = await ensureLocalTls(dir);
    expect(again.cert).toBe(tls.cert);
  });
});
