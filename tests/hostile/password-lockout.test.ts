import {
  InitiateAuthCommand,
  type InitiateAuthCommandOutput,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { signIn, signOut } from 'aws-amplify/auth';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LOCAL_USER_POOL_CLIENT_ID } from '../../local-cloud/config.ts';
import { DEMO_ADMIN, DEMO_CUSTOMERS } from '../../local-cloud/demo-accounts.ts';
import {
  nextTotpCode,
  startContractCognito,
  wrongTotpCode,
} from '../integration/contract/cognito-harness.ts';

// A guesser with the browser's reach: Cognito's public sign-in operations, as many times as it likes.
// The pool must lock the account out as Cognito does, for passwords (SRP and USER_PASSWORD_AUTH)
// and for TOTP codes, however many sessions the guesses are spread over.

const [alice, bob] = DEMO_CUSTOMERS;
if (!alice || !bob) throw new Error('two demo customers are needed');
const LOCKED_OUT = { name: 'NotAuthorizedException', message: 'Password attempts exceeded' };

let local: Awaited<ReturnType<typeof startContractCognito>>;
// A clock the tests move: the lockout is time-based.
let now = Date.now();
beforeAll(async () => {
  local = await startContractCognito({ now: () => now });
});
afterAll(() => local?.close());
beforeEach(() => {
  // Past any lockout and idle reset a previous test left.
  now += 60 * 60_000;
});

const passwordSignIn = (email: string, password: string) =>
  local.sdk.send(
    new InitiateAuthCommand({
      ClientId: LOCAL_USER_POOL_CLIENT_ID,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: email, PASSWORD: password },
    }),
  );

const answerTotp = (started: InitiateAuthCommandOutput, code: string) =>
  local.sdk.send(
    new RespondToAuthChallengeCommand({
      ClientId: LOCAL_USER_POOL_CLIENT_ID,
      ChallengeName: 'SOFTWARE_TOKEN_MFA',
      Session: started.Session,
      ChallengeResponses: { USERNAME: DEMO_ADMIN.email, SOFTWARE_TOKEN_MFA_CODE: code },
    }),
  );

/** `times` wrong passwords, each after the lockout the one before earned (2^(n-5) s from the fifth). */
async function failPasswordTimes(email: string, times: number) {
  for (let failures = 0; failures < times; failures += 1) {
    if (failures >= 5) now += 2 ** (failures - 5) * 1000;
    await expect(passwordSignIn(email, 'a wrong guess of the password')).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
  }
}

describe('password lockout (USER_PASSWORD_AUTH)', () => {
  it('given four wrong passwords, when the right one follows, then the user signs in', async () => {
    await failPasswordTimes(alice.email, 4);
    const result = await passwordSignIn(alice.email, alice.password);
    expect(result.AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it('given five wrong passwords, when the right one follows at once, then Cognito refuses it as locked out', async () => {
    await failPasswordTimes(alice.email, 5);
    await expect(passwordSignIn(alice.email, alice.password)).rejects.toMatchObject(LOCKED_OUT);
  });

  it('given a lockout, when 15 minutes pass without an attempt, then the right password signs in', async () => {
    await failPasswordTimes(alice.email, 9);
    now += 15 * 60_000;
    const result = await passwordSignIn(alice.email, alice.password);
    expect(result.AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it('given ten wrong passwords, when the right one follows 2^(10-5) seconds later, then the user signs in', async () => {
    await failPasswordTimes(alice.email, 10);
    now += 31_000;
    await expect(passwordSignIn(alice.email, alice.password)).rejects.toMatchObject(LOCKED_OUT);
    now += 1_000;
    const result = await passwordSignIn(alice.email, alice.password);
    expect(result.AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it("given one user locked out, when another signs in, then the other's sign-in is not affected", async () => {
    await failPasswordTimes(alice.email, 6);
    const result = await passwordSignIn(bob.email, bob.password);
    expect(result.AuthenticationResult?.AccessToken).toBeTruthy();
  });
});

describe('password lockout (SRP, as the aws-amplify client signs in)', () => {
  afterAll(() => signOut().catch(() => undefined));

  it('given five wrong passwords, when the right one follows at once, then the client gets the lockout error', async () => {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await expect(
        signIn({ username: bob.email, password: 'a wrong guess of the password' }),
      ).rejects.toMatchObject({
        name: 'NotAuthorizedException',
      });
    }
    await expect(signIn({ username: bob.email, password: bob.password })).rejects.toMatchObject(LOCKED_OUT);
  });
});

describe('TOTP attempts are bounded across sessions', () => {
  it('given five wrong codes over two sign-in sessions, when a third session brings the right code, then it is refused', async () => {
    const first = await passwordSignIn(DEMO_ADMIN.email, DEMO_ADMIN.password);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await expect(answerTotp(first, wrongTotpCode(DEMO_ADMIN.totpSecret))).rejects.toMatchObject({
        name: 'CodeMismatchException',
      });
    }
    const second = await passwordSignIn(DEMO_ADMIN.email, DEMO_ADMIN.password);
    for (let attempt = 0; attempt < 2; attempt += 1) {
      await expect(answerTotp(second, wrongTotpCode(DEMO_ADMIN.totpSecret))).rejects.toMatchObject({
        name: 'CodeMismatchException',
      });
    }
    await expect(passwordSignIn(DEMO_ADMIN.email, DEMO_ADMIN.password)).rejects.toMatchObject(LOCKED_OUT);
  });

  it('given a session opened before the lockout, when it brings the right code during it, then it is refused', async () => {
    const spare = await passwordSignIn(DEMO_ADMIN.email, DEMO_ADMIN.password);
    for (let session = 0; session < 5; session += 1) {
      const started = await passwordSignIn(DEMO_ADMIN.email, DEMO_ADMIN.password);
      await expect(answerTotp(started, wrongTotpCode(DEMO_ADMIN.totpSecret))).rejects.toMatchObject({
        name: 'CodeMismatchException',
      });
    }
    await expect(answerTotp(spare, nextTotpCode(DEMO_ADMIN.totpSecret))).rejects.toMatchObject(LOCKED_OUT);
  });
});
