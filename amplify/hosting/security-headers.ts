import { z } from 'zod';

/**
 * The HTTP security headers of the SPA: the one source of truth. Amplify Hosting serves them from
 * customHttp.yml, rendered at build time from the environment's amplify_outputs.json
 * (render-custom-http.ts); the local servers call `securityHeaders()` with their own endpoints.
 */

/** What the SPA's connect-src needs from the environment's amplify_outputs.json. */
export const deployedEndpointsSchema = z.object({
  auth: z.object({ aws_region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/) }),
  data: z.object({ url: z.url({ protocol: /^https$/ }) }),
  custom: z.object({ httpApiUrl: z.url({ protocol: /^https$/ }) }),
});
export type DeployedEndpoints = z.infer<typeof deployedEndpointsSchema>;

/**
 * The AWS endpoints the SPA talks to, read from the environment's own amplify_outputs.json (any
 * region, exact hosts): Cognito's user pool API, this AppSync API (HTTPS and its realtime WebSocket
 * host) and this HTTP API. Nothing else is reachable.
 */
export function awsConnectSources({ auth, data, custom }: DeployedEndpoints): string[] {
  const graphql = new URL(data.url);
  return [
    `https://cognito-idp.${auth.aws_region}.amazonaws.com`,
    graphql.origin,
    `wss://${graphql.host.replace('.appsync-api.', '.appsync-realtime-api.')}`,
    new URL(custom.httpApiUrl).origin,
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
