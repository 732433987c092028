import { timingSafeEqual } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { LocalService } from './service.ts';

/**
 * Guards a developer-only page (the mail viewer) on the app's origin with the secret the banner's
 * link carries, as Jupyter does: `?token=<secret>` sets an HttpOnly, Secure, SameSite=Strict
 * cookie scoped to the page's path and redirects to the same URL without the token; after that the
 * cookie is the key. Anyone else gets 401. No CORS headers, and Cross-Origin-Resource-Policy
 * same-origin, so no other page can read or embed it.
 */
export const DEVELOPER_COOKIE = 'local-cloud-developer';

export function guardDeveloperSurface(
  service: LocalService,
  options: { token: string; mountPath: string },
): LocalService {
  const expected = Buffer.from(options.token);
  const holds = (candidate: string | undefined) =>
    candidate !== undefined &&
    Buffer.byteLength(candidate) === expected.length &&
    timingSafeEqual(Buffer.from(candidate), expected);

  return {
    handle(request, response) {
      response.setHeader('cross-origin-resource-policy', 'same-origin');
      response.setHeader('cache-control', 'no-store');
      response.setHeader('referrer-policy', 'no-referrer');
      const url = new URL(request.url ?? '/', 'https://local');
      const offered = url.searchParams.get('token');
      if (offered !== null) {
        if (!holds(offered)) return refuse(response);
        url.searchParams.delete('token');
        response.writeHead(303, {
          location: `${options.mountPath}${url.pathname}${url.search}`,
          'set-cookie': `${DEVELOPER_COOKIE}=${options.token}; Path=${options.mountPath}; HttpOnly; Secure; SameSite=Strict`,
        });
        return void response.end();
      }
      if (!holds(cookieOf(request.headers.cookie, DEVELOPER_COOKIE))) return refuse(response);
      return service.handle(request, response);
    },
  };
}

function cookieOf(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

function refuse(response: ServerResponse): void {
  response.writeHead(401, { 'content-type': 'text/plain; charset=utf-8' });
  response.end(
    'This page is for the developer running the local cloud: open the link `npm start` printed.\n',
  );
}
