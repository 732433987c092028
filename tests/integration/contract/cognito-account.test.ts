import { AdminAddUserToGroupCommand, GetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import {
  confirmResetPassword,
  confirmSignIn,
  confirmSignUp,
  confirmUserAttribute,
  fetchAuthSession,
  fetchMFAPreference,
  fetchUserAttributes,
  resetPassword,
  sendUserAttributeVerificationCode,
  setUpTOTP,
  signIn,
  signOut,
  signUp,
  updateMFAPreference,
  updatePassword,
  verifyTOTPSetup,
} from 'aws-amplify/auth';
import { decodeJwt } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_USER_POOL_ID } from '../../../local-cloud/config.ts';
import { nextTotpCode, startContractCognito, wrongTotpCode } from './cognito-harness.ts';

// A signed-in user's own account, through the real aws-amplify client: passwords, TOTP, attributes.
let local: Awaited<ReturnType<typeof startContractCognito>>;
beforeAll(async () => {
  local = await startContractCognito();
});
afterAll(() => local?.close());
afterEach(async () => {
  await signOut();
});

const PASSWORD = 'a passphrase long enough';
const NEW_PASSWORD = 'another passphrase, longer';
let counter = 0;

/** A fresh confirmed user, signed out. */
async function newUser(): Promise<string> {
  counter += 1;
  const email = `account-${Date.now()}-${counter}@example.com`;
  await signUp({ username: email, password: PASSWORD, options: { userAttributes: { email } } });
  await confirmSignUp({ username: email, confirmationCode: local.latestCode(email) });
  return email;
}

async function accessToken(): Promise<string> {
  const { tokens } = await fetchAuthSession();
  return tokens?.accessToken.toString() ?? '';
}

describe('forgotten password', () => {
  it('given the emailed code, when a user sets a new password, then the new one signs in and the old one does not', async () => {
    const email = await newUser();
    const { nextStep } = await resetPassword({ username: email });
    expect(nextStep.resetPasswordStep).toBe('CONFIRM_RESET_PASSWORD_WITH_CODE');
    await confirmResetPassword({
      username: email,
      confirmationCode: local.latestCode(email),
      newPassword: NEW_PASSWORD,
    });
    await expect(signIn({ username: email, password: PASSWORD })).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    });
    expect((await signIn({ username: email, password: NEW_PASSWORD })).isSignedIn).toBe(true);
  });

  it('given a reset code already used, when it is used again, then ExpiredCodeException', async () => {
    const email = await newUser();
    await resetPassword({ username: email });
    const code = local.latestCode(email);
    await confirmResetPassword({ username: email, confirmationCode: code, newPassword: NEW_PASSWORD });
    await expect(
      confirmResetPassword({ username: email, confirmationCode: code, newPassword: `${NEW_PASSWORD}!` }),
    ).rejects.toMatchObject({ name: 'ExpiredCodeException' });
  });

  it('given a new password shorter than the policy, when the reset is confirmed, then InvalidPasswordException', async () => {
    const email = await newUser();
    await resetPassword({ username: email });
    await expect(
      confirmResetPassword({
        username: email,
        confirmationCode: local.latestCode(email),
        newPassword: 'too short',
      }),
    ).rejects.toMatchObject({ name: 'InvalidPasswordException' });
  });

  it('given an unknown email, when a reset is asked for, then the answer looks like any other and no mail is sent', async () => {
    const before = local.mail.list().length;
    const { nextStep } = await resetPassword({ username: 'nobody-here@example.com' });
    expect(nextStep.resetPasswordStep).toBe('CONFIRM_RESET_PASSWORD_WITH_CODE');
    expect(local.mail.list()).toHaveLength(before);
  });
});

describe('changing a password while signed in', () => {
  it('given the right current password, when it is changed, then the new password signs in', async () => {
    const email = await newUser();
    await signIn({ username: email, password: PASSWORD });
    await updatePassword({ oldPassword: PASSWORD, newPassword: NEW_PASSWORD });
    await signOut();
    expect((await signIn({ username: email, password: NEW_PASSWORD })).isSignedIn).toBe(true);
  });

  it('given a wrong current password, when a change is asked for, then NotAuthorizedException', async () => {
    const email = await newUser();
    await signIn({ username: email, password: PASSWORD });
    await expect(
      updatePassword({ oldPassword: 'not my password at all', newPassword: NEW_PASSWORD }),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });
});

describe('enrolling TOTP while signed in', () => {
  async function enrolTotp(): Promise<string> {
    const { sharedSecret } = await setUpTOTP();
    await verifyTOTPSetup({ code: nextTotpCode(sharedSecret) });
    await updateMFAPreference({ totp: 'PREFERRED' });
    return sharedSecret;
  }

  it('given a verified authenticator, when TOTP is preferred, then the next sign-in asks for a code and accepts it', async () => {
    const email = await newUser();
    await signIn({ username: email, password: PASSWORD });
    const secret = await enrolTotp();
    expect(await fetchMFAPreference()).toEqual({ enabled: ['TOTP'], preferred: 'TOTP' });
    await signOut();

    const first = await signIn({ username: email, password: PASSWORD });
    expect(first.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_TOTP_CODE');
    expect((await confirmSignIn({ challengeResponse: nextTotpCode(secret) })).isSignedIn).toBe(true);
  });

  it('given a wrong code, when the authenticator is verified, then EnableSoftwareTokenMFAException', async () => {
    const email = await newUser();
    await signIn({ username: email, password: PASSWORD });
    const { sharedSecret } = await setUpTOTP();
    await expect(verifyTOTPSetup({ code: wrongTotpCode(sharedSecret) })).rejects.toMatchObject({
      name: 'EnableSoftwareTokenMFAException',
    });
  });

  it('given TOTP disabled again, when the user signs in, then no code is asked for', async () => {
    const email = await newUser();
    await signIn({ username: email, password: PASSWORD });
    await enrolTotp();
    await updateMFAPreference({ totp: 'DISABLED' });
    await signOut();
    expect((await signIn({ username: email, password: PASSWORD })).isSignedIn).toBe(true);
  });

  it('given an ADMINS member who enrols TOTP, when they sign in again, then the tokens say ADMINS', async () => {
    const email = await newUser();
    await local.sdk.send(
      new AdminAddUserToGroupCommand({
        UserPoolId: LOCAL_USER_POOL_ID,
        Username: email,
        GroupName: 'ADMINS',
      }),
    );
    await signIn({ username: email, password: PASSWORD });
    expect(decodeJwt(await accessToken())).not.toHaveProperty('cognito:groups');
    const secret = await enrolTotp();
    await signOut();

    await signIn({ username: email, password: PASSWORD });
    await confirmSignIn({ challengeResponse: nextTotpCode(secret) });
    expect(decodeJwt(await accessToken())['cognito:groups']).toEqual(['ADMINS']);
  });
});

describe('attributes and signing out everywhere', () => {
  it('given a signed-in user, when their attributes are read, then email and sub are there', async () => {
    const email = await newUser();
    await signIn({ username: email, password: PASSWORD });
    expect(await fetchUserAttributes()).toMatchObject({
      email,
      email_verified: 'true',
      sub: expect.any(String),
    });
  });

  it('given an emailed verification code, when the email is verified, then the code is accepted once', async () => {
    const email = await newUser();
    await signIn({ username: email, password: PASSWORD });
    await sendUserAttributeVerificationCode({ userAttributeKey: 'email' });
    const code = local.latestCode(email);
    await confirmUserAttribute({ userAttributeKey: 'email', confirmationCode: code });
    await expect(
      confirmUserAttribute({ userAttributeKey: 'email', confirmationCode: code }),
    ).rejects.toMatchObject({
      name: 'ExpiredCodeException',
    });
  });

  it('given a global sign-out, when an access token from before is used, then it is refused', async () => {
    const email = await newUser();
    await signIn({ username: email, password: PASSWORD });
    const before = await accessToken();
    await signOut({ global: true });
    await expect(local.sdk.send(new GetUserCommand({ AccessToken: before }))).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    });
  });
});
