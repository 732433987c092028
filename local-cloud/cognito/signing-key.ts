import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, type JSONWebKeySet, type JWK } from 'jose';

/** The pool's RS256 key as kept in the state file: made once, so tokens outlive a restart. */
export type StoredSigningKey = JWK & { kid: string };

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  jwks: JSONWebKeySet;
}

export async function createStoredSigningKey(): Promise<StoredSigningKey> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  return { ...(await exportJWK(privateKey)), kid: randomUUID(), alg: 'RS256', use: 'sig' };
}

export async function loadSigningKey(stored: StoredSigningKey): Promise<SigningKey> {
  const { d, p, q, dp, dq, qi, ...publicJwk } = stored;
  return {
    kid: stored.kid,
    privateKey: (await importJWK(stored, 'RS256')) as CryptoKey,
    publicKey: (await importJWK(publicJwk, 'RS256')) as CryptoKey,
    // The JWKS lists the public half only, as Cognito's does.
    jwks: { keys: [publicJwk] },
  };
}
