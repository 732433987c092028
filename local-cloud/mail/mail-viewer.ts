import type { ServerResponse } from 'node:http';
import { securityHeaders } from '../../amplify/hosting/security-headers.ts';
import { escapeMarkup } from '../../functions/lib/markup.ts';
import { type LocalService, sendJson } from '../service.ts';
import type { MailStore } from './mail-store.ts';

/**
 * The mail viewer: every email the local cloud sent (sign-up codes, password resets, reports),
 * newest first, at /mail; the same as JSON at /mail/messages.json; each HTML body on its own page,
 * where the email's own inline styles may apply but nothing may run.
 */
const STYLE = `body{font-family:system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:1rem;line-height:1.5}
article{border-bottom:1px solid #ccc;padding:.5rem 0}pre{white-space:pre-wrap;background:#f4f4f5;padding:.5rem}
@media (prefers-color-scheme:dark){body{background:#111827;color:#f3f4f6}pre{background:#1f2937}a{color:#93c5fd}}`;

export function createMailViewer(mail: MailStore, mountPath: string): LocalService {
  // Links from the mount path, not relative ones: the page is reached as /mail (the SPA's link) and
  // as /mail/ (the banner's), and `./viewer.css` from /mail would be /viewer.css, the SPA's origin.
  return {
    handle(request, response) {
      const path = new URL(request.url ?? '/', 'http://local').pathname;
      if (path === '/messages.json') return sendJson(response, 200, mail.list());
      if (path === '/viewer.css') return send(response, 'text/css', STYLE);
      const htmlMatch = /^\/([0-9a-f-]{36})\.html$/.exec(path);
      if (htmlMatch) {
        const email = mail.list().find((candidate) => candidate.id === htmlMatch[1]);
        if (!email?.html) return sendJson(response, 404, { message: 'No such email' });
        return send(response, 'text/html; charset=utf-8', email.html, {
          'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox",
        });
      }
      if (path !== '/' && path !== '') return sendJson(response, 404, { message: 'Not found' });
      const items = mail
        .list()
        .map(
          (email) => `<article><h2>${escapeMarkup(email.subject)}</h2>
<p>To ${escapeMarkup(email.to.join(', '))} · from ${escapeMarkup(email.from)} · <time datetime="${email.sentAt}">${escapeMarkup(email.sentAt)}</time>${email.html ? ` · <a href="${mountPath}/${email.id}.html">HTML version</a>` : ''}</p>
<pre>${escapeMarkup(email.text)}</pre></article>`,
        )
        .join('\n');
      send(
        response,
        'text/html; charset=utf-8',
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Local mail · Secure Orders</title><link rel="icon" type="image/svg+xml" href="/favicon.svg"><link rel="stylesheet" href="${mountPath}/viewer.css"></head>
<body><main><h1>Local mail</h1><p>Every email the local cloud sent, newest first. Reload to see new ones.</p>${items || '<p>No email yet.</p>'}</main></body></html>`,
        securityHeaders([]),
      );
    },
  };
}

function send(
  response: ServerResponse,
  contentType: string,
  body: string,
  headers: Record<string, string> = {},
) {
  response.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store', ...headers });
  response.end(body);
}
