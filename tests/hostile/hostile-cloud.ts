import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt, importJWK, type JWTPayload, SignJWT } from 'jose';
import type { StoredSigningKey } from '../../local-cloud/cognito/signing-key.ts';
import { LOCAL_USER_POOL_CLIENT_ID, SERVICE_PATHS } from '../../local-cloud/config.ts';
import type { DemoAccount } from '../../local-cloud/demo-accounts.ts';
import { type LocalCloudOptions, startLocalCloud } from '../../local-cloud/local-cloud.ts';

/**
 * The whole local cloud as `npm start` runs it (ports 0, a temporary state dir, no SPA), for probes
 * made as a browser would make them: plain requests to the services' routes.
 */
export async function startHostileCloud(options: Partial<LocalCloudOptions> = {}) {
  const stateDir = mkdtempSync(join(tmpdir(), 'so-hostile-'));
  const cloud = await startLocalCloud({
    stateDir,
    httpsPort: 0,
    httpPort: 0,
    databasePort: 0,
    log: () => undefined,
    ...options,
  });
  const url = (route: string) => `${cloud.internalUrl}${route}`;

  /** A real sign-in (USER_PASSWORD_AUTH) of a demo account: its access and ID tokens. */
  async function signIn(account: DemoAccount): Promise<{ access: string; id: string }> {
    const response = await fetch(url(SERVICE_PATHS.cognito), {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth',
      },
      body: JSON.stringify({
        ClientId: LOCAL_USER_POOL_CLIENT_ID,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: account.email, PASSWORD: account.password },
      }),
    });
    const { AuthenticationResult } = (await response.json()) as {
      AuthenticationResult: { AccessToken: string; IdToken: string };
    };
    return { access: AuthenticationResult.AccessToken, id: AuthenticationResult.IdToken };
  }

  /**
   * A token signed with the pool's own key (as only the pool could), with the claims of `token`
   * changed by `edit`: the tests' stand-in for a token the verifier must still refuse.
   */
  async function resign(
    token: string,
    edit: (claims: JWTPayload) => JWTPayload,
    header: { kid?: string } = {},
  ): Promise<string> {
    const { signingKey } = JSON.parse(readFileSync(join(stateDir, 'cognito.json'), 'utf8')) as {
      signingKey: StoredSigningKey;
    };
    const key = await importJWK(signingKey, 'RS256');
    return new SignJWT(edit(decodeJwt(token)))
      .setProtectedHeader({ alg: 'RS256', kid: signingKey.kid, ...header })
      .sign(key);
  }

  return { cloud, url, signIn, resign, stop: () => cloud.stop() };
}

/** The claims without `names`. */
export const without =
  (...names: string[]) =>
  (claims: JWTPayload): JWTPayload =>
    Object.fromEntries(Object.entries(claims).filter(([name]) => !names.includes(name)));
