import { AdminAddUserToGroupCommand, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import {
  confirmSignIn,
  confirmSignUp,
  fetchAuthSession,
  getCurrentUser,
  resendSignUpCode,
  signIn,
  signOut,
  signUp,
} from 'aws-amplify/auth';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_USER_POOL_CLIENT_ID } from '../../../local-cloud/config.ts';
import { DEMO_ADMIN, DEMO_CUSTOMERS, type DemoAccount } from '../../../local-cloud/demo-accounts.ts';
import { nextTotpCode, startContractCognito, wrongTotpCode } from './cognito-harness.ts';

// The real aws-amplify client (SRP by default) against the local Cognito, with the real trigger.
let local: Awaited<ReturnType<typeof startContractCognito>>;
const alice = DEMO_CUSTOMERS[0] as DemoAccount;

beforeAll(async () => {
  local = await startContractCognito();
});
afterAll(() => local?.close());
afterEach(async () => {
  await signOut();
});

async function currentTokens() {
  const { tokens } = await fetchAuthSession();
  if (!tokens?.idToken) throw new Error('not signed in');
  return { id: tokens.idToken.toString(), access: tokens.accessToken.toString() };
}

let emailCounter = 0;
function newEmail() {
  emailCounter += 1;
  return `contract-${Date.now()}-${emailCounter}@example.com`;
}
const GOOD_PASSWORD = 'a passphrase long enough';

async function signUpConfirmed(email: string) {
  await signUp({ username: email, password: GOOD_PASSWORD, options: { userAttributes: { email } } });
  await confirmSignUp({ username: email, confirmationCode: local.latestCode(email) });
}

describe('SRP sign-in with the aws-amplify client', () => {
  it('given a demo customer, when they sign in with SRP, then they are signed in as their fixed sub', async () => {
    const result = await signIn({ username: alice.email, password: alice.password });
    expect(result).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    const user = await getCurrentUser();
    expect(user.userId).toBe(alice.sub);
    expect(user.username).toBe(alice.sub);
  });

  it('given a wrong password, when a customer signs in, then NotAuthorizedException says the credentials are wrong', async () => {
    await expect(
      signIn({ username: alice.email, password: 'not the password at all' }),
    ).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
  });

  it('given an unknown email, when someone signs in, then the answer is the same as for a wrong password', async () => {
    await expect(signIn({ username: 'nobody@example.com', password: GOOD_PASSWORD })).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
  });

  it('given USER_PASSWORD_AUTH, when a customer signs in, then they are signed in too', async () => {
    const result = await signIn({
      username: alice.email,
      password: alice.password,
      options: { authFlowType: 'USER_PASSWORD_AUTH' },
    });
    expect(result.isSignedIn).toBe(true);
  });
});

describe('tokens', () => {
  it('given a signed-in customer, then both tokens verify against the JWKS and carry Cognito claims', async () => {
    await signIn({ username: alice.email, password: alice.password });
    const { id, access } = await currentTokens();
    const jwks = createRemoteJWKSet(new URL(local.jwksUrl));

    const { payload: idClaims, protectedHeader } = await jwtVerify(id, jwks, {
      issuer: local.issuer,
      audience: LOCAL_USER_POOL_CLIENT_ID,
    });
    expect(protectedHeader).toMatchObject({ alg: 'RS256', kid: expect.any(String) });
    expect(idClaims).toMatchObject({
      token_use: 'id',
      sub: alice.sub,
      'cognito:username': alice.sub,
      email: alice.email,
      email_verified: true,
    });
    const { payload: accessClaims } = await jwtVerify(access, jwks, { issuer: local.issuer });
    expect(accessClaims).toMatchObject({
      token_use: 'access',
      client_id: LOCAL_USER_POOL_CLIENT_ID,
      username: alice.sub,
      sub: alice.sub,
      scope: 'aws.cognito.signin.user.admin',
    });
    for (const claims of [idClaims, accessClaims]) {
      expect(claims).toHaveProperty('jti');
      expect(claims).toHaveProperty('origin_jti');
      expect(claims.auth_time).toBeTypeOf('number');
      expect(claims.exp).toBeGreaterThan(claims.iat ?? Number.POSITIVE_INFINITY);
      expect(claims).not.toHaveProperty('cognito:groups');
    }
  });

  it('given a signed-in customer, when the session is force-refreshed, then new tokens come from the same sign-in', async () => {
    await signIn({ username: alice.email, password: alice.password });
    const before = decodeJwt((await currentTokens()).access);
    const { tokens } = await fetchAuthSession({ forceRefresh: true });
    const after = decodeJwt(tokens?.accessToken.toString() ?? '');
    expect(after.jti).not.toBe(before.jti);
    expect(after.origin_jti).toBe(before.origin_jti);
    expect(after.auth_time).toBe(before.auth_time);
  });

  it('given tokens issued before a restart, when the pool restarts on the same state file, then they still verify', async () => {
    await signIn({ username: alice.email, password: alice.password });
    const { access } = await currentTokens();
    const { createLocalCognito } = await import('../../../local-cloud/cognito/index.ts');
    const restarted = await createLocalCognito({
      stateFile: local.stateFile,
      mail: local.mail,
      issuer: local.issuer,
      ...local.adminCalls,
    });
    await expect(restarted.verifyAccessToken(access)).resolves.toMatchObject({ sub: alice.sub });
  });
});

describe('sign-up', () => {
  it('given a new email, when they sign up and confirm with the emailed code, then they can sign in', async () => {
    const email = newEmail();
    const { nextStep } = await signUp({
      username: email,
      password: GOOD_PASSWORD,
      options: { userAttributes: { email } },
    });
    expect(nextStep.signUpStep).toBe('CONFIRM_SIGN_UP');
    const confirmed = await confirmSignUp({ username: email, confirmationCode: local.latestCode(email) });
    expect(confirmed.isSignUpComplete).toBe(true);
    expect((await signIn({ username: email, password: GOOD_PASSWORD })).isSignedIn).toBe(true);
  });

  it('given a password shorter than the policy, when someone signs up, then InvalidPasswordException', async () => {
    const email = newEmail();
    await expect(
      signUp({ username: email, password: 'short but 14ch', options: { userAttributes: { email } } }),
    ).rejects.toMatchObject({ name: 'InvalidPasswordException' });
  });

  it('given an email already registered, when someone signs up with it, then UsernameExistsException', async () => {
    await expect(
      signUp({
        username: alice.email,
        password: GOOD_PASSWORD,
        options: { userAttributes: { email: alice.email } },
      }),
    ).rejects.toMatchObject({ name: 'UsernameExistsException' });
  });

  it('given an unconfirmed user, when they sign in with the right password, then the client is told to confirm', async () => {
    const email = newEmail();
    await signUp({ username: email, password: GOOD_PASSWORD, options: { userAttributes: { email } } });
    const result = await signIn({ username: email, password: GOOD_PASSWORD });
    expect(result.nextStep.signInStep).toBe('CONFIRM_SIGN_UP');
  });

  it('given a wrong code, when a user confirms, then CodeMismatchException', async () => {
    const email = newEmail();
    await signUp({ username: email, password: GOOD_PASSWORD, options: { userAttributes: { email } } });
    const wrong = String((Number(local.latestCode(email)) + 1) % 1_000_000).padStart(6, '0');
    await expect(confirmSignUp({ username: email, confirmationCode: wrong })).rejects.toMatchObject({
      name: 'CodeMismatchException',
    });
  });

  it('given a code already used, when it is used again, then the user cannot be confirmed twice', async () => {
    const email = newEmail();
    await signUpConfirmed(email);
    await expect(
      confirmSignUp({ username: email, confirmationCode: local.latestCode(email) }),
    ).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    });
  });

  it('given a resent code, when the user confirms with the first code, then it no longer works but the new one does', async () => {
    const email = newEmail();
    await signUp({ username: email, password: GOOD_PASSWORD, options: { userAttributes: { email } } });
    const first = local.latestCode(email);
    await resendSignUpCode({ username: email });
    const second = local.latestCode(email);
    if (first !== second) {
      await expect(confirmSignUp({ username: email, confirmationCode: first })).rejects.toMatchObject({
        name: 'CodeMismatchException',
      });
    }
    expect((await confirmSignUp({ username: email, confirmationCode: second })).isSignUpComplete).toBe(true);
  });

  it('given a code older than a day, when the user confirms, then ExpiredCodeException', async () => {
    const email = newEmail();
    await signUp({ username: email, password: GOOD_PASSWORD, options: { userAttributes: { email } } });
    local.clock.offsetMs = 25 * 3_600_000;
    try {
      await expect(
        confirmSignUp({ username: email, confirmationCode: local.latestCode(email) }),
      ).rejects.toMatchObject({ name: 'ExpiredCodeException' });
    } finally {
      local.clock.offsetMs = 0;
    }
  });
});

describe('TOTP and the ADMINS claim (through the real pre-token trigger)', () => {
  it('given the demo admin, when they sign in, then a TOTP code is asked for', async () => {
    const result = await signIn({ username: DEMO_ADMIN.email, password: DEMO_ADMIN.password });
    expect(result.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_TOTP_CODE');
  });

  it('given the demo admin, when they answer a wrong TOTP code, then CodeMismatchException', async () => {
    await signIn({ username: DEMO_ADMIN.email, password: DEMO_ADMIN.password });
    await expect(
      confirmSignIn({ challengeResponse: wrongTotpCode(DEMO_ADMIN.totpSecret) }),
    ).rejects.toMatchObject({
      name: 'CodeMismatchException',
    });
  });

  it('given the demo admin with TOTP, when they complete the challenge, then both tokens say ADMINS', async () => {
    await signIn({ username: DEMO_ADMIN.email, password: DEMO_ADMIN.password });
    const result = await confirmSignIn({ challengeResponse: nextTotpCode(DEMO_ADMIN.totpSecret) });
    expect(result.isSignedIn).toBe(true);
    const { id, access } = await currentTokens();
    expect(decodeJwt(id)['cognito:groups']).toEqual(['ADMINS']);
    expect(decodeJwt(access)['cognito:groups']).toEqual(['ADMINS']);
  });

  it('given an ADMINS member without TOTP, when they sign in, then the trigger leaves ADMINS out of both tokens', async () => {
    const email = newEmail();
    await signUpConfirmed(email);
    await local.sdk.send(
      new AdminAddUserToGroupCommand({
        UserPoolId: 'eu-west-1_SecureOrdersLocal',
        Username: email,
        GroupName: 'ADMINS',
      }),
    );
    expect((await signIn({ username: email, password: GOOD_PASSWORD })).isSignedIn).toBe(true);
    const { id, access } = await currentTokens();
    expect(decodeJwt(id)).not.toHaveProperty('cognito:groups');
    expect(decodeJwt(access)).not.toHaveProperty('cognito:groups');
  });
});

describe('refresh tokens and revocation (wire level, AWS SDK)', () => {
  async function passwordSignIn() {
    const { AuthenticationResult } = await local.sdk.send(
      new InitiateAuthCommand({
        ClientId: LOCAL_USER_POOL_CLIENT_ID,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: alice.email, PASSWORD: alice.password },
      }),
    );
    if (!AuthenticationResult?.RefreshToken) throw new Error('no tokens');
    return AuthenticationResult as { RefreshToken: string; AccessToken: string };
  }

  it('given a revoked refresh token, when it is used, then NotAuthorizedException', async () => {
    const { RefreshToken } = await passwordSignIn();
    const { RevokeTokenCommand, GetTokensFromRefreshTokenCommand } = await import(
      '@aws-sdk/client-cognito-identity-provider'
    );
    await local.sdk.send(
      new RevokeTokenCommand({ ClientId: LOCAL_USER_POOL_CLIENT_ID, Token: RefreshToken }),
    );
    await expect(
      local.sdk.send(
        new GetTokensFromRefreshTokenCommand({ ClientId: LOCAL_USER_POOL_CLIENT_ID, RefreshToken }),
      ),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Refresh Token has been revoked' });
  });

  it('given a revoked refresh token, when an access token from it is used, then it is refused too', async () => {
    const { RefreshToken, AccessToken } = await passwordSignIn();
    const { RevokeTokenCommand, GetUserCommand } = await import('@aws-sdk/client-cognito-identity-provider');
    await local.sdk.send(
      new RevokeTokenCommand({ ClientId: LOCAL_USER_POOL_CLIENT_ID, Token: RefreshToken }),
    );
    await expect(local.sdk.send(new GetUserCommand({ AccessToken }))).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Access Token has been revoked',
    });
  });
});
