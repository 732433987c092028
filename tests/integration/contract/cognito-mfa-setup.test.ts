import { confirmSignIn, confirmSignUp, fetchMFAPreference, signIn, signOut, signUp } from 'aws-amplify/auth';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { nextTotpCode, startContractCognito, wrongTotpCode } from './cognito-harness.ts';

// A pool whose MFA is required (the deployed one is OPTIONAL): sign-in then sets TOTP up through
// a Session (AssociateSoftwareToken, VerifySoftwareToken, RespondToAuthChallenge MFA_SETUP).
let local: Awaited<ReturnType<typeof startContractCognito>>;
beforeAll(async () => {
  local = await startContractCognito({ mfaConfiguration: 'ON' });
});
afterAll(() => local?.close());
afterEach(async () => {
  await signOut();
});

const PASSWORD = 'a passphrase long enough';
let counter = 0;
async function newUser(): Promise<string> {
  counter += 1;
  const email = `mfa-setup-${Date.now()}-${counter}@example.com`;
  await signUp({ username: email, password: PASSWORD, options: { userAttributes: { email } } });
  await confirmSignUp({ username: email, confirmationCode: local.latestCode(email) });
  return email;
}

describe('TOTP setup during sign-in', () => {
  it('given a user without TOTP, when they sign in, then they set it up with the shared secret and are signed in', async () => {
    const email = await newUser();
    const { nextStep } = await signIn({ username: email, password: PASSWORD });
    if (nextStep.signInStep !== 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP') throw new Error(nextStep.signInStep);
    const secret = nextStep.totpSetupDetails.sharedSecret;
    expect((await confirmSignIn({ challengeResponse: nextTotpCode(secret) })).isSignedIn).toBe(true);
    expect(await fetchMFAPreference()).toMatchObject({ enabled: ['TOTP'] });
  });

  it('given a wrong code during setup, when it is confirmed, then EnableSoftwareTokenMFAException', async () => {
    const email = await newUser();
    const { nextStep } = await signIn({ username: email, password: PASSWORD });
    if (nextStep.signInStep !== 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP') throw new Error(nextStep.signInStep);
    await expect(
      confirmSignIn({ challengeResponse: wrongTotpCode(nextStep.totpSetupDetails.sharedSecret) }),
    ).rejects.toMatchObject({ name: 'EnableSoftwareTokenMFAException' });
  });

  it('given TOTP set up at the first sign-in, when the user signs in again, then a code is asked for', async () => {
    const email = await newUser();
    const { nextStep } = await signIn({ username: email, password: PASSWORD });
    if (nextStep.signInStep !== 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP') throw new Error(nextStep.signInStep);
    const secret = nextStep.totpSetupDetails.sharedSecret;
    await confirmSignIn({ challengeResponse: nextTotpCode(secret) });
    await signOut();
    const again = await signIn({ username: email, password: PASSWORD });
    expect(again.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_TOTP_CODE');
    expect((await confirmSignIn({ challengeResponse: nextTotpCode(secret) })).isSignedIn).toBe(true);
  });
});
