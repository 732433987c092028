import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderAmplifyYml, renderCustomHttpYml } from './amplify-yml.ts';
import { SPA_ROUTE_PATTERN } from './configure-app.ts';
import { awsConnectSources, contentSecurityPolicy, securityHeaders } from './security-headers.ts';

const directives = (csp: string) =>
  new Map(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));

const outputsIn = (region: string) => ({
  auth: { aws_region: region },
  data: { url: `https://abc123.appsync-api.${region}.amazonaws.com/graphql` },
  custom: { httpApiUrl: `https://xyz789.execute-api.${region}.amazonaws.com` },
});

describe('security headers', () => {
  it('given the committed amplify.yml, then it is exactly what this module renders', () => {
    expect(readFileSync('amplify.yml', 'utf8')).toBe(renderAmplifyYml());
  });

  it('given amplify.yml, then it carries no headers (customHttp.yml does) and pins Node 22', () => {
    expect(renderAmplifyYml()).not.toContain('customHeaders');
    expect(renderAmplifyYml()).toContain('nvm use 22');
  });

  it.each(['eu-west-1', 'ap-southeast-2'])(
    'given outputs in %s, then connect-src allows only self and that environment’s Cognito, AppSync and HTTP API',
    (region) => {
      const connect =
        directives(contentSecurityPolicy(awsConnectSources(outputsIn(region)))).get('connect-src') ?? [];
      expect(connect).toEqual([
        "'self'",
        `https://cognito-idp.${region}.amazonaws.com`,
        `https://abc123.appsync-api.${region}.amazonaws.com`,
        `wss://abc123.appsync-realtime-api.${region}.amazonaws.com`,
        `https://xyz789.execute-api.${region}.amazonaws.com`,
      ]);
    },
  );

  it('given outputs, then customHttp.yml puts the headers on every path', () => {
    const yml = renderCustomHttpYml(awsConnectSources(outputsIn('eu-west-1')));
    expect(yml).toContain("  - pattern: '**'");
    expect(yml).toContain("key: 'Content-Security-Policy'");
    expect(yml).toContain('wss://abc123.appsync-realtime-api.eu-west-1.amazonaws.com');
  });

  it('then framing is refused, scripts come from the app only, and transport is pinned to HTTPS', () => {
    const headers = securityHeaders([]);
    const csp = directives(headers['Content-Security-Policy'] ?? '');
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(headers['Strict-Transport-Security']).toMatch(/max-age=\d{8,}/);
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
    expect(headers['Referrer-Policy']).toBe('no-referrer');
  });
});

describe('the SPA rewrite', () => {
  const rewritten = (path: string) => new RegExp(SPA_ROUTE_PATTERN).test(path);
  it.each(['/', '/orders', '/orders/3f9a1c2e-0b7d-4a11-9c55-1b2c3d4e5f60', '/admin/reports', '/sign-in'])(
    'given the client route %s, then it is served /index.html',
    (path) => expect(rewritten(path)).toBe(true),
  );
  it.each(['/assets/index-Bx1.js', '/assets/index-Bx1.css', '/favicon.ico', '/robots.txt'])(
    'given the file %s, then it is served as itself',
    (path) => expect(rewritten(path)).toBe(false),
  );
});
