import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JSONWebKeySet, JWTPayload } from 'jose';
import type { SignatureCheck } from '../aws/sigv4-header.ts';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION, LOCAL_USER_POOL_CLIENT_ID, LOCAL_USER_POOL_ID } from '../config.ts';
import { DEMO_ACCOUNTS, type DemoAccount } from '../demo-accounts.ts';
import type { Authorize } from '../iam/signed-api.ts';
import type { MailStore } from '../mail/mail-store.ts';
import { type LocalService, readBody } from '../service.ts';
import { CognitoError } from './errors.ts';
import { ADMIN_OPERATIONS, CognitoOperations } from './operations.ts';
import { type PreTokenGenerationTrigger, projectPreTokenTrigger } from './pre-token-generation.ts';
import { type MfaConfiguration, SignInFlow } from './sign-in.ts';
import { createStoredSigningKey, loadSigningKey } from './signing-key.ts';
import { PoolStateFile } from './state.ts';
import { UserPool } from './user-pool.ts';

export type { PreTokenGenerationTrigger } from './pre-token-generation.ts';

export interface LocalCognitoOptions {
  /** JSON file holding users, refresh grants and the signing key; created on first start. */
  stateFile: string;
  /** Where sign-up, password-reset and verification codes are "emailed". */
  mail: MailStore;
  /** The `iss` of every token: `localIssuer(origin)`. A function when the origin is known only later. */
  issuer: string | (() => string);
  userPoolId?: string;
  clientId?: string;
  region?: string;
  /** The deployed pool's MFA is OPTIONAL (amplify/auth/resource.ts); ON makes sign-in demand TOTP setup. */
  mfaConfiguration?: MfaConfiguration;
  /** Defaults to the project's trigger in functions/pre-token-generation, run in-process. */
  preTokenGeneration?: PreTokenGenerationTrigger;
  /** Created on first start (by email); defaults to demo-accounts.ts. */
  demoAccounts?: readonly DemoAccount[];
  /** Milliseconds since the epoch; tests move it to expire codes and tokens. */
  now?: () => number;
  /** Verifies an Admin* call's SigV4 signature (the local cloud's requireSigV4 check). */
  verifyAdminCaller: (request: IncomingMessage) => Promise<SignatureCheck>;
  /** Whether the verified caller's IAM policy allows `cognito-idp:<Operation>` on the pool. */
  authorize: Authorize;
}

export interface LocalCognito extends LocalService {
  readonly jwks: JSONWebKeySet;
  /** For the other local services: the claims of a valid, unrevoked access token, or a NotAuthorizedException. */
  verifyAccessToken(token: string): Promise<JWTPayload>;
  /** For the local AppSync: the claims of a valid, unrevoked access or ID token of the app client. */
  verifyUserPoolToken(token: string): Promise<JWTPayload>;
}

/**
 * A Cognito user pool for the local cloud, speaking the JSON protocol the aws-amplify client and the
 * AWS SDK use (`POST /`, `x-amz-target: AWSCognitoIdentityProviderService.<Operation>`), and serving
 * its JWKS at `/<userPoolId>/.well-known/jwks.json`. Mount it at SERVICE_PATHS.cognito, so that
 * `localIssuer(origin)` resolves to it.
 */
export async function createLocalCognito(options: LocalCognitoOptions): Promise<LocalCognito> {
  const userPoolId = options.userPoolId ?? LOCAL_USER_POOL_ID;
  const stateFile = new PoolStateFile(options.stateFile);
  const state = stateFile.load() ?? { signingKey: await createStoredSigningKey(), users: [], grants: [] };
  const signingKey = await loadSigningKey(state.signingKey);
  const { issuer } = options;
  const currentIssuer = typeof issuer === 'string' ? () => issuer : issuer;
  const pool = new UserPool({
    userPoolId,
    clientId: options.clientId ?? LOCAL_USER_POOL_CLIENT_ID,
    region: options.region ?? LOCAL_REGION,
    issuer: currentIssuer,
    signingKey,
    state,
    stateFile,
    mail: options.mail,
    preTokenGeneration: options.preTokenGeneration ?? projectPreTokenTrigger,
    now: options.now ?? Date.now,
  });
  pool.ensureDemoAccounts(options.demoAccounts ?? DEMO_ACCOUNTS);
  const operations = new CognitoOperations(
    pool,
    new SignInFlow(pool, options.mfaConfiguration ?? 'OPTIONAL'),
  );
  const wellKnown = `/${userPoolId}/.well-known/`;

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method === 'OPTIONS') {
      response.writeHead(204, CORS_PREFLIGHT).end();
    } else if (request.method === 'GET' && path === `${wellKnown}jwks.json`) {
      send(response, 200, signingKey.jwks, 'application/json');
    } else if (request.method === 'GET' && path === `${wellKnown}openid-configuration`) {
      const iss = currentIssuer();
      send(response, 200, { issuer: iss, jwks_uri: `${iss}/.well-known/jwks.json` }, 'application/json');
    } else if (request.method === 'POST' && path === '/') {
      await answerOperation(request, response);
    } else {
      send(response, 404, { message: 'Not found' }, 'application/json');
    }
  }

  async function answerOperation(request: IncomingMessage, response: ServerResponse) {
    try {
      const name = String(request.headers['x-amz-target'] ?? '').replace(TARGET_PREFIX, '');
      const operation = CognitoOperations.lookup(operations, name);
      if (!operation) throw new CognitoError('UnknownOperationException', `Unknown operation ${name}`);
      const input = parseInput(await readBody(request));
      if (ADMIN_OPERATIONS.has(name)) {
        // Admin calls are AWS API calls: a verified SigV4 signature, then the caller's IAM policy.
        const check = await options.verifyAdminCaller(request);
        if (!check.valid) throw SIGNATURE_REFUSALS[check.reason];
        const denied = options.authorize(request, {
          action: `cognito-idp:${name}`,
          resource: `arn:aws:cognito-idp:${options.region ?? LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:userpool/${String(input.UserPoolId)}`,
        });
        if (denied) throw new CognitoError('AccessDeniedException', denied);
        if (input.UserPoolId !== userPoolId) {
          throw new CognitoError(
            'ResourceNotFoundException',
            `User pool ${String(input.UserPoolId)} does not exist.`,
          );
        }
      } else if (input.ClientId !== undefined && input.ClientId !== pool.clientId) {
        throw new CognitoError(
          'ResourceNotFoundException',
          `User pool client ${String(input.ClientId)} does not exist.`,
        );
      }
      send(response, 200, await operation(input));
    } catch (error) {
      if (!(error instanceof CognitoError)) {
        console.error('[local-cognito] internal error', error);
      }
      const known =
        error instanceof CognitoError
          ? error
          : new CognitoError('InternalErrorException', 'Internal error', 500);
      send(response, known.status, { __type: known.type, message: known.message }, AMZ_JSON, {
        'x-amzn-errortype': known.type,
      });
    }
  }

  return {
    handle,
    jwks: signingKey.jwks,
    verifyAccessToken: (token) => pool.verifyAccessToken(token),
    verifyUserPoolToken: (token) => pool.verifyUserPoolToken(token),
  };
}

const SIGNATURE_REFUSALS: Record<Exclude<SignatureCheck, { valid: true }>['reason'], CognitoError> = {
  MISSING: new CognitoError('MissingAuthenticationTokenException', 'Missing Authentication Token'),
  UNKNOWN_KEY: new CognitoError(
    'UnrecognizedClientException',
    'The security token included in the request is invalid.',
  ),
  EXPIRED: new CognitoError('InvalidSignatureException', 'Signature expired'),
  BAD_SIGNATURE: new CognitoError(
    'InvalidSignatureException',
    'The request signature we calculated does not match the signature you provided.',
  ),
};

const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';
const AMZ_JSON = 'application/x-amz-json-1.1';
// Real Cognito answers browsers from any origin; the SPA calls it cross-origin with these headers.
const CORS = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'x-amzn-requestid, x-amzn-errortype, x-amzn-errormessage, date',
};
const CORS_PREFLIGHT = {
  ...CORS,
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers':
    'content-type, x-amz-target, x-amz-user-agent, x-amz-date, x-amz-security-token, authorization, cache-control',
  'access-control-max-age': '86400',
};

function parseInput(body: Buffer): Record<string, unknown> {
  try {
    const input: unknown = JSON.parse(body.length > 0 ? body.toString('utf8') : '{}');
    if (input && typeof input === 'object' && !Array.isArray(input)) return input as Record<string, unknown>;
  } catch {
    // falls through to Cognito's refusal
  }
  throw new CognitoError('SerializationException', 'The request body is not a JSON object.');
}

function send(
  response: ServerResponse,
  status: number,
  body: unknown,
  contentType = AMZ_JSON,
  headers: Record<string, string> = {},
) {
  const payload = JSON.stringify(body);
  response.writeHead(status, {
    ...CORS,
    ...headers,
    'content-type': contentType,
    'content-length': Buffer.byteLength(payload),
    'x-amzn-requestid': randomUUID(),
  });
  response.end(payload);
}
