import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalCloud, startLocalCloud } from '../../local-cloud/local-cloud.ts';
import { probe } from './origin-probe.ts';

// The threat: a mail viewer that shows anyone who can reach the origin the admins' report emails
// and every user's password-reset code (a probe once took over an account with one).
// Developer pages need the per-start secret the banner's link carries, and no other page may read them.

describe('the developer-only pages on the app origin', () => {
  let cloud: LocalCloud;
  let token: string;
  const stateDir = mkdtempSync(join(tmpdir(), 'so-hostile-dev-'));
  const resetCode = '424242';

  beforeAll(async () => {
    cloud = await startLocalCloud({ stateDir, httpsPort: 0, httpPort: 0, databasePort: 0, log: () => {} });
    cloud.mail.send({
      from: 'no-reply@example.com',
      to: ['alice@example.com'],
      subject: 'Your password reset code',
      text: `Your code is ${resetCode}`,
      html: `<p>Your code is ${resetCode}</p>`,
    });
    token = new URL(cloud.mailViewerUrl).searchParams.get('token') ?? '';
  }, 120_000);
  afterAll(async () => {
    await cloud?.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  const crossOrigin = { origin: 'https://evil.example' };

  it.each(['/mail', '/mail/', '/mail/messages.json'])(
    'given no token, when a page asks for %s, then 401 and no email shows',
    async (path) => {
      const response = await probe(cloud.origin, path, { headers: crossOrigin });
      expect(response.status).toBe(401);
      expect(response.body).not.toContain(resetCode);
    },
  );

  it('given no token, when a page asks for one email by id, then 401', async () => {
    const [email] = cloud.mail.list();
    const response = await probe(cloud.origin, `/mail/${email?.id}.html`);
    expect(response.status).toBe(401);
    expect(response.body).not.toContain(resetCode);
  });

  it('given a wrong token, when a page offers it, then 401 and no cookie', async () => {
    const response = await probe(cloud.origin, `/mail/?token=${token.slice(1)}x`);
    expect(response.status).toBe(401);
    expect(response.headers['set-cookie']).toBeUndefined();
  });

  it('given a forged cookie, when a page sends it, then 401', async () => {
    const response = await probe(cloud.origin, '/mail/messages.json', {
      headers: { cookie: 'local-cloud-developer=guess' },
    });
    expect(response.status).toBe(401);
  });

  it("given the banner's link, when the developer opens it, then an HttpOnly, Secure, SameSite=Strict cookie for /mail is set and the token leaves the URL", async () => {
    const response = await probe(cloud.origin, `/mail/?token=${token}`);
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/mail/');
    const [cookie] = response.headers['set-cookie'] as string[];
    expect(cookie).toMatch(/; Path=\/mail; HttpOnly; Secure; SameSite=Strict$/);
  });

  it('given the cookie, when the developer reads the mail, then the emails show, unreadable to other origins', async () => {
    const response = await probe(cloud.origin, '/mail/messages.json', {
      headers: { cookie: `local-cloud-developer=${token}`, ...crossOrigin },
    });
    expect(response.status).toBe(200);
    expect(response.body).toContain(resetCode);
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    expect(response.headers['cross-origin-resource-policy']).toBe('same-origin');
  });

  it('given another origin, when it preflights the mail viewer, then no CORS header lets it read', async () => {
    const response = await probe(cloud.origin, '/mail/messages.json', {
      method: 'OPTIONS',
      headers: { ...crossOrigin, 'access-control-request-method': 'GET' },
    });
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    expect(response.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('given the invoke endpoint, when a page calls it on the origin, even with the old token header, then nothing answers', async () => {
    const response = await probe(cloud.origin, '/lambda/2015-03-31/functions/orders-api/invocations', {
      method: 'POST',
      headers: { 'x-local-cloud-token': 'anything', ...crossOrigin },
      body: JSON.stringify({ requestContext: {} }),
    });
    expect(response.status).toBe(404);
  });
});
