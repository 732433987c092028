import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { deploymentConfig } from '../config/index.ts';
import { renderAmplifyYml } from './amplify-yml.ts';
import { awsConnectSources, contentSecurityPolicy, securityHeaders } from './security-headers.ts';

const directives = (csp: string) =>
  new Map(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));

describe('security headers', () => {
  it('given the committed amplify.yml, then it carries exactly the headers this module renders', () => {
    expect(readFileSync('amplify.yml', 'utf8')).toBe(
      renderAmplifyYml(awsConnectSources(deploymentConfig.region)),
    );
  });

  it('given the app region, then connect-src allows only self and that region’s Cognito, AppSync and API Gateway', () => {
    const connect =
      directives(contentSecurityPolicy(awsConnectSources('eu-west-1'))).get('connect-src') ?? [];
    expect(
      connect
        .slice(1)
        .every((source) => /^(https|wss):\/\/[*a-z.-]+\.eu-west-1\.amazonaws\.com$/.test(source)),
    ).toBe(true);
    expect(connect[0]).toBe("'self'");
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
