/**
 * The HTTP security headers of the SPA: the one source of truth. Amplify Hosting serves them through
 * amplify.yml (rendered from this file by render-amplify-yml.ts); the local servers call
 * `securityHeaders()` with their own endpoints.
 */

/**
 * The AWS endpoints the SPA talks to, in the app's region: Cognito, AppSync (HTTPS and realtime
 * WebSocket) and the HTTP API. The API IDs are only known after the first deploy, hence the
 * per-service host wildcard; nothing outside these services is reachable.
 */
export function awsConnectSources(region: string): string[] {
  return [
    `https://cognito-idp.${region}.amazonaws.com`,
    `https://*.appsync-api.${region}.amazonaws.com`,
    `wss://*.appsync-realtime-api.${region}.amazonaws.com`,
    `https://*.execute-api.${region}.amazonaws.com`,
  ];
}

/**
 * How a local server differs from Amplify Hosting. Vite's dev server injects its client and the
 * React refresh preamble inline and styles at run time: it marks them with a per-start nonce
 * (Vite's `html.cspNonce`), which the policy then allows. Nothing else inline is ever allowed.
 */
export interface LocalServing {
  nonce?: string;
}

export function contentSecurityPolicy(connectSources: readonly string[], local: LocalServing = {}): string {
  const nonce = local.nonce ? ` 'nonce-${local.nonce}'` : '';
  return [
    "default-src 'self'",
    `script-src 'self'${nonce}`,
    `style-src 'self'${nonce}`,
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ${connectSources.join(' ')}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    'upgrade-insecure-requests',
  ].join('; ');
}

export function securityHeaders(
  connectSources: readonly string[],
  local: LocalServing = {},
): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(connectSources, local),
    'Strict-Transport-Security': 'max-age=63072000; includeSubDomains',
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
}
