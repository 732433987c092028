import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { Amplify } from 'aws-amplify';
import { Secret, TOTP } from 'otpauth';
import { createLocalCognito, type LocalCognitoOptions } from '../../../local-cloud/cognito/index.ts';
import {
  LOCAL_REGION,
  LOCAL_USER_POOL_CLIENT_ID,
  LOCAL_USER_POOL_ID,
  localIssuer,
  SERVICE_PATHS,
} from '../../../local-cloud/config.ts';
import { startLocalHost } from '../../../local-cloud/host.ts';
import { createPrincipals, OPERATOR } from '../../../local-cloud/iam/principals.ts';
import { authorize, verifyCaller } from '../../../local-cloud/iam/signed-api.ts';
import { MailStore } from '../../../local-cloud/mail/mail-store.ts';
import { ensureLocalTls } from '../../../local-cloud/tls.ts';

/**
 * The local Cognito mounted as `npm start` mounts it (one TLS origin plus loopback HTTP), with the
 * project's real pre-token trigger pointed at it, and the real aws-amplify client configured against
 * it as the SPA will be: from an outputs object, then re-configured with `userPoolEndpoint`.
 */
export async function startContractCognito(options: Partial<LocalCognitoOptions> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'so-cognito-'));
  const mail = new MailStore(join(dir, 'mail.jsonl'));
  const clock = { offsetMs: 0 };
  let origin = '';
  // Admin calls are checked as `npm start` checks them: SigV4 and IAM; this harness signs as the operator.
  const principals = createPrincipals({});
  const operatorCredentials = principals.get(OPERATOR).credentials;
  const adminCalls = {
    verifyAdminCaller: (request: Parameters<typeof verifyCaller>[0]) => verifyCaller(request, { principals }),
    authorize,
  };
  const cognito = await createLocalCognito({
    stateFile: join(dir, 'cognito.json'),
    mail,
    issuer: () => localIssuer(origin),
    now: () => Date.now() + clock.offsetMs,
    ...adminCalls,
    ...options,
  });
  const host = await startLocalHost({
    tls: await ensureLocalTls(join(dir, 'tls')),
    httpPort: 0,
    routes: { [SERVICE_PATHS.cognito]: cognito },
  });
  origin = host.httpsUrl;
  const endpoint = `${host.httpUrl}${SERVICE_PATHS.cognito}`;

  // What the orchestrator sets for the trigger's AWS SDK client (AdminGetUser).
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: endpoint,
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: operatorCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: operatorCredentials.secretAccessKey,
  });

  Amplify.configure({
    version: '1.4',
    auth: {
      aws_region: LOCAL_REGION,
      user_pool_id: LOCAL_USER_POOL_ID,
      user_pool_client_id: LOCAL_USER_POOL_CLIENT_ID,
      username_attributes: ['email'],
      standard_required_attributes: ['email'],
      user_verification_types: ['email'],
      mfa_configuration: options.mfaConfiguration === 'ON' ? 'ON' : 'OPTIONAL',
      mfa_methods: ['TOTP'],
      groups: [{ ADMINS: { precedence: 0 } }],
    },
  });
  const configured = Amplify.getConfig();
  Amplify.configure({
    ...configured,
    Auth: { Cognito: { ...configured.Auth?.Cognito, userPoolEndpoint: endpoint } },
  } as Parameters<typeof Amplify.configure>[0]);

  return {
    cognito,
    mail,
    clock,
    adminCalls,
    operatorCredentials,
    endpoint,
    stateFile: join(dir, 'cognito.json'),
    issuer: localIssuer(origin),
    jwksUrl: `${endpoint}/${LOCAL_USER_POOL_ID}/.well-known/jwks.json`,
    /** An AWS SDK client for wire-level checks and admin calls. */
    sdk: new CognitoIdentityProviderClient({
      region: LOCAL_REGION,
      endpoint,
      credentials: operatorCredentials,
    }),
    /** The code in the newest email to this address. */
    latestCode: (email: string) => mail.latestCode(email),
    close: () => host.close(),
  };
}

const spentSteps = new Map<string, number>();

/**
 * An authenticator app that never shows the same code twice: the pool refuses a replayed TOTP, so
 * a second code within one 30-second step is taken from the next step (accepted within the window).
 */
export function nextTotpCode(secret: string): string {
  const currentStep = Math.floor(Date.now() / 30_000);
  const step = Math.max(currentStep, (spentSteps.get(secret) ?? -1) + 1);
  spentSteps.set(secret, step);
  return TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: step * 30_000 });
}

/** A six-digit code that is not the current one. */
export function wrongTotpCode(secret: string): string {
  const right = TOTP.generate({ secret: Secret.fromBase32(secret) });
  return String((Number(right) + 500_000) % 1_000_000).padStart(6, '0');
}
