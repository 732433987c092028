import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SignInFailures } from './lockout.ts';
import type { StoredSigningKey } from './signing-key.ts';
import type { SrpVerifier } from './srp.ts';

/** Why a one-time code was emailed; each purpose has its own code and lifetime. */
export type CodePurpose = 'signUp' | 'forgotPassword' | 'verifyEmail';

export interface IssuedCode {
  code: string;
  expiresAt: number;
  failedAttempts: number;
}

export interface PoolUser {
  /** Cognito's internal user name. The pool signs in by email, so, as in the cloud, it is the sub. */
  username: string;
  sub: string;
  email: string;
  emailVerified: boolean;
  status: 'UNCONFIRMED' | 'CONFIRMED';
  password: SrpVerifier;
  groups: string[];
  /** A verified authenticator app; `totpEnabled` is whether sign-in asks for it. */
  totpSecret?: string;
  totpEnabled: boolean;
  /** Set by AssociateSoftwareToken with an access token, until VerifySoftwareToken proves it. */
  pendingTotpSecret?: string;
  /** The last TOTP time step accepted: a code is good once. */
  lastTotpStep?: number;
  codes: Partial<Record<CodePurpose, IssuedCode>>;
  /** Failed password and TOTP attempts, for Cognito's lockout; absent when there are none. */
  signInFailures?: SignInFailures;
  createdAt: number;
  updatedAt: number;
}

/** One sign-in's refresh token and everything issued from it (their `origin_jti`). */
export interface RefreshGrant {
  originJti: string;
  refreshTokenHash: string;
  username: string;
  authTime: number;
  expiresAt: number;
  revoked: boolean;
}

export interface PoolState {
  signingKey: StoredSigningKey;
  users: PoolUser[];
  grants: RefreshGrant[];
}

/** The pool as a JSON file: read once, written whole (via rename) after every change. */
export class PoolStateFile {
  constructor(private readonly path: string) {}

  load(): PoolState | undefined {
    if (!existsSync(this.path)) return undefined;
    return JSON.parse(readFileSync(this.path, 'utf8')) as PoolState;
  }

  save(state: PoolState) {
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    const temporary = `${this.path}.tmp`;
    writeFileSync(temporary, JSON.stringify(state, null, 2), { mode: 0o600 });
    renameSync(temporary, this.path);
  }
}
