import {
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
  GetUserCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_REGION, LOCAL_USER_POOL_CLIENT_ID, LOCAL_USER_POOL_ID } from '../../../local-cloud/config.ts';
import { DEMO_ADMIN, DEMO_CUSTOMERS } from '../../../local-cloud/demo-accounts.ts';
import { nextTotpCode, startContractCognito } from './cognito-harness.ts';

// The wire itself: what a browser, the aws-amplify client and the AWS SDK see besides happy paths.
let local: Awaited<ReturnType<typeof startContractCognito>>;
beforeAll(async () => {
  local = await startContractCognito();
});
afterAll(() => local?.close());

function call(operation: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(local.endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSCognitoIdentityProviderService.${operation}`,
      ...headers,
    },
    body: JSON.stringify(body),
  });
}

describe('the Cognito wire protocol', () => {
  it('given a refused call, then it is HTTP 400 with __type, message and x-amzn-errortype', async () => {
    const response = await call('InitiateAuth', {
      ClientId: LOCAL_USER_POOL_CLIENT_ID,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'nobody@example.com', PASSWORD: 'whatever it may be' },
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('x-amzn-errortype')).toBe('NotAuthorizedException');
    expect(await response.json()).toEqual({
      __type: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
  });

  it('given an unknown user, when SRP starts, then a challenge comes back like for a real user', async () => {
    const response = await call('InitiateAuth', {
      ClientId: LOCAL_USER_POOL_CLIENT_ID,
      AuthFlow: 'USER_SRP_AUTH',
      AuthParameters: { USERNAME: 'nobody@example.com', SRP_A: 'abcdef0123456789' },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      ChallengeName: string;
      ChallengeParameters: Record<string, string>;
    };
    expect(body.ChallengeName).toBe('PASSWORD_VERIFIER');
    expect(Object.keys(body.ChallengeParameters).sort()).toEqual([
      'SALT',
      'SECRET_BLOCK',
      'SRP_B',
      'USERNAME',
      'USER_ID_FOR_SRP',
    ]);
  });

  it('given another app client id, then ResourceNotFoundException', async () => {
    const response = await call('SignUp', {
      ClientId: 'someoneelse',
      Username: 'x@example.com',
      Password: 'y',
    });
    expect(await response.json()).toMatchObject({ __type: 'ResourceNotFoundException' });
  });

  it('given an operation the pool does not offer, then UnknownOperationException', async () => {
    const response = await call('DeleteUserPool', { UserPoolId: LOCAL_USER_POOL_ID });
    expect(await response.json()).toMatchObject({ __type: 'UnknownOperationException' });
  });

  it('given a body that is not a JSON object, then SerializationException', async () => {
    const response = await call('GetUser', ['not', 'an', 'object']);
    expect(await response.json()).toMatchObject({ __type: 'SerializationException' });
  });

  it('given an admin call without AWS credentials (a browser), then it is refused', async () => {
    const response = await call('AdminGetUser', {
      UserPoolId: LOCAL_USER_POOL_ID,
      Username: DEMO_ADMIN.email,
    });
    expect(await response.json()).toMatchObject({ __type: 'MissingAuthenticationTokenException' });
  });

  it('given the AWS SDK with credentials, when AdminGetUser asks about the demo admin, then TOTP is listed', async () => {
    const user = await local.sdk.send(
      new AdminGetUserCommand({ UserPoolId: LOCAL_USER_POOL_ID, Username: DEMO_ADMIN.email }),
    );
    expect(user).toMatchObject({
      Username: DEMO_ADMIN.sub,
      UserStatus: 'CONFIRMED',
      Enabled: true,
      UserMFASettingList: ['SOFTWARE_TOKEN_MFA'],
    });
    expect(user.UserCreateDate).toBeInstanceOf(Date);
  });

  it('given a demo customer, when AdminGetUser asks by sub, then no MFA is listed', async () => {
    const [customer] = DEMO_CUSTOMERS;
    const user = await local.sdk.send(
      new AdminGetUserCommand({ UserPoolId: LOCAL_USER_POOL_ID, Username: customer?.sub }),
    );
    expect(user.UserMFASettingList).toBeUndefined();
  });

  it('given another user pool id, when an admin call names it, then ResourceNotFoundException', async () => {
    const sdk = new CognitoIdentityProviderClient({
      region: LOCAL_REGION,
      endpoint: local.endpoint,
      credentials: local.operatorCredentials,
    });
    await expect(
      sdk.send(new AdminGetUserCommand({ UserPoolId: 'eu-west-1_Other', Username: DEMO_ADMIN.email })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('given a browser on another origin, when it preflights, then Cognito headers are allowed', async () => {
    const response = await fetch(local.endpoint, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-headers')).toContain('x-amz-target');
  });

  it('given the standard JWKS path under the issuer, then it lists one RS256 public key', async () => {
    const jwks = (await (await fetch(local.jwksUrl)).json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: expect.any(String) });
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });
});

describe('lifetimes', () => {
  const passwordSignIn = (account: { email: string; password: string }) =>
    local.sdk.send(
      new InitiateAuthCommand({
        ClientId: LOCAL_USER_POOL_CLIENT_ID,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: account.email, PASSWORD: account.password },
      }),
    );

  it('given an access token past its lifetime, when it is used, then NotAuthorizedException says it expired', async () => {
    const [customer] = DEMO_CUSTOMERS;
    if (!customer) throw new Error('no demo customer');
    const { AuthenticationResult } = await passwordSignIn(customer);
    local.clock.offsetMs = 16 * 60_000;
    try {
      await expect(
        local.sdk.send(new GetUserCommand({ AccessToken: AuthenticationResult?.AccessToken })),
      ).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Access Token has expired' });
    } finally {
      local.clock.offsetMs = 0;
    }
  });

  it('given a TOTP challenge left for more than three minutes, when it is answered, then the session has expired', async () => {
    const { Session } = await passwordSignIn(DEMO_ADMIN);
    local.clock.offsetMs = 4 * 60_000;
    try {
      await expect(
        local.sdk.send(
          new RespondToAuthChallengeCommand({
            ClientId: LOCAL_USER_POOL_CLIENT_ID,
            ChallengeName: 'SOFTWARE_TOKEN_MFA',
            Session,
            ChallengeResponses: {
              USERNAME: DEMO_ADMIN.sub,
              SOFTWARE_TOKEN_MFA_CODE: nextTotpCode(DEMO_ADMIN.totpSecret),
            },
          }),
        ),
      ).rejects.toMatchObject({
        name: 'NotAuthorizedException',
        message: expect.stringMatching(/session is expired/),
      });
    } finally {
      local.clock.offsetMs = 0;
    }
  });
});
