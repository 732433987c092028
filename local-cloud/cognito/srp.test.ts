import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  createServerEphemeral,
  createSrpVerifier,
  isValidClientEphemeral,
  passwordClaimMatches,
  passwordMatches,
} from './srp.ts';

// The aws-amplify client's own SRP code (internal modules, so loaded by path): the server half must
// agree with exactly this. The auth package is resolved as aws-amplify resolves it, wherever npm
// placed it (nested or hoisted).
const amplifyRequire = createRequire(createRequire(import.meta.url).resolve('aws-amplify/package.json'));
const clientSrp = new URL(
  'dist/esm/providers/cognito/utils/srp/',
  pathToFileURL(amplifyRequire.resolve('@aws-amplify/auth/package.json')),
);
interface ClientBigInteger {
  toString(radix: number): string;
}
interface ClientHelper {
  A: ClientBigInteger;
  getPasswordAuthenticationKey(input: {
    username: string;
    password: string;
    serverBValue: ClientBigInteger;
    salt: ClientBigInteger;
  }): Promise<Uint8Array>;
}
const { getAuthenticationHelper } = (await import(
  new URL('getAuthenticationHelper.mjs', clientSrp).href
)) as {
  getAuthenticationHelper(poolName: string): Promise<ClientHelper>;
};
const { getSignatureString } = (await import(new URL('getSignatureString.mjs', clientSrp).href)) as {
  getSignatureString(input: {
    userPoolName: string;
    username: string;
    challengeParameters: Record<string, string>;
    dateNow: string;
    hkdf: Uint8Array;
  }): string;
};
const { getNowString } = (await import(new URL('getNowString.mjs', clientSrp).href)) as {
  getNowString(): string;
};
const { default: BigInteger } = (await import(new URL('BigInteger/BigInteger.mjs', clientSrp).href)) as {
  default: new (hex: string, radix: number) => ClientBigInteger;
};

const poolName = 'SecureOrdersLocal';
const userId = '5f0c2a4e-1b7d-4c3a-9e8f-0a1b2c3d4e01';

/** Runs the client's side of PASSWORD_VERIFIER against a stored verifier; returns the server's verdict. */
async function clientClaims(password: string, storedFor = 'a long enough password') {
  const stored = createSrpVerifier(poolName, userId, storedFor);
  const client = await getAuthenticationHelper(poolName);
  const srpA = client.A.toString(16);
  const ephemeral = createServerEphemeral(stored);
  const hkdf = await client.getPasswordAuthenticationKey({
    username: userId,
    password,
    serverBValue: new BigInteger(ephemeral.B, 16),
    salt: new BigInteger(stored.salt, 16),
  });
  const secretBlock = randomBytes(64).toString('base64');
  const timestamp = getNowString();
  const signature = getSignatureString({
    userPoolName: poolName,
    username: userId,
    challengeParameters: { SECRET_BLOCK: secretBlock },
    dateNow: timestamp,
    hkdf,
  });
  return passwordClaimMatches({
    poolName,
    userIdForSrp: userId,
    srpA,
    ephemeral,
    stored,
    secretBlock,
    timestamp,
    signature,
  });
}

describe('Cognito SRP, server half', () => {
  it('given the right password, when the aws-amplify client signs the claim, then the server accepts it', async () => {
    // Several rounds: paddedHex differs when a value's top bit is set, which is random per round.
    for (let round = 0; round < 4; round += 1) {
      await expect(clientClaims('a long enough password')).resolves.toBe(true);
    }
  }, 60_000);

  it('given a wrong password, when the client signs the claim, then the server refuses it', async () => {
    await expect(clientClaims('a wrong but long password')).resolves.toBe(false);
  });

  it('given a stored verifier, when a password is checked directly, then only the same password matches', () => {
    const stored = createSrpVerifier(poolName, userId, 'a long enough password');
    expect(passwordMatches(poolName, userId, 'a long enough password', stored)).toBe(true);
    expect(passwordMatches(poolName, userId, 'a long enough passworD', stored)).toBe(false);
    expect(passwordMatches(poolName, 'someone-else', 'a long enough password', stored)).toBe(false);
  });

  it('given a client ephemeral of 0 or N, then it is refused before any maths', () => {
    expect(isValidClientEphemeral('0')).toBe(false);
    expect(isValidClientEphemeral('not hex')).toBe(false);
    expect(isValidClientEphemeral('02')).toBe(true);
  });
});
