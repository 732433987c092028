import { randomBytes, randomUUID } from 'node:crypto';
import { CognitoError, expiredSession, incorrectUsernameOrPassword, invalidParameter } from './errors.ts';
import {
  createServerEphemeral,
  createSrpVerifier,
  isValidClientEphemeral,
  passwordClaimMatches,
  type SrpServerEphemeral,
  type SrpVerifier,
} from './srp.ts';
import type { PoolUser } from './state.ts';
import type { AuthenticationResult, UserPool } from './user-pool.ts';

// Cognito's sign-in sessions last 3 minutes; a TOTP challenge allows a few wrong codes.
const SESSION_LIFETIME_MS = 3 * 60_000;
const MFA_ATTEMPTS = 3;

export type MfaConfiguration = 'OPTIONAL' | 'ON';

type Step =
  | { name: 'PASSWORD_VERIFIER'; srpA: string; ephemeral: SrpServerEphemeral; stored: SrpVerifier }
  | { name: 'SOFTWARE_TOKEN_MFA'; attemptsLeft: number }
  | { name: 'MFA_SETUP'; pendingSecret?: string }
  | { name: 'MFA_SETUP_DONE' };

interface PendingSignIn {
  /** Absent for an unknown user: the flow plays along and fails at the password, as Cognito does. */
  username?: string;
  userIdForSrp: string;
  step: Step;
  expiresAt: number;
}

type Json = Record<string, unknown>;
type ChallengeOrTokens =
  | { ChallengeName: string; ChallengeParameters: Record<string, string>; Session?: string }
  | { AuthenticationResult: AuthenticationResult; ChallengeParameters: Record<string, string> };

/**
 * InitiateAuth, RespondToAuthChallenge and the session-bound TOTP setup. Sign-ins in progress live in
 * memory (keyed by the opaque Session or SRP secret block), as they last minutes only.
 */
export class SignInFlow {
  private readonly pending = new Map<string, PendingSignIn>();

  constructor(
    private readonly pool: UserPool,
    private readonly mfaConfiguration: MfaConfiguration,
  ) {}

  async initiateAuth(input: Json): Promise<ChallengeOrTokens> {
    const parameters = (input.AuthParameters ?? {}) as Record<string, unknown>;
    switch (input.AuthFlow) {
      case 'USER_SRP_AUTH':
        return this.startSrp(parameters.USERNAME, parameters.SRP_A);
      case 'USER_PASSWORD_AUTH': {
        const user = this.pool.find(parameters.USERNAME);
        if (!user) throw incorrectUsernameOrPassword();
        this.pool.assertNotLockedOut(user);
        if (!this.pool.checkPassword(user, parameters.PASSWORD)) {
          this.pool.recordFailedSignIn(user);
          throw incorrectUsernameOrPassword();
        }
        return this.afterPassword(user);
      }
      case 'REFRESH_TOKEN_AUTH':
      case 'REFRESH_TOKEN':
        return {
          AuthenticationResult: await this.pool.refresh(parameters.REFRESH_TOKEN),
          ChallengeParameters: {},
        };
      default:
        throw invalidParameter(`${String(input.AuthFlow)} flow not enabled for this client`);
    }
  }

  async respondToAuthChallenge(input: Json): Promise<ChallengeOrTokens> {
    const responses = (input.ChallengeResponses ?? {}) as Record<string, unknown>;
    switch (input.ChallengeName) {
      case 'PASSWORD_VERIFIER':
        return this.verifyPasswordClaim(responses);
      case 'SOFTWARE_TOKEN_MFA': {
        const { key, signIn, user } = this.pendingSignInAt(input.Session, 'SOFTWARE_TOKEN_MFA');
        if (signIn.step.name !== 'SOFTWARE_TOKEN_MFA' || !user.totpSecret) throw expiredSession();
        // The lockout is the user's, not the session's: a fresh session does not reset the count.
        this.pool.assertNotLockedOut(user);
        if (!this.pool.acceptTotp(user, user.totpSecret, responses.SOFTWARE_TOKEN_MFA_CODE)) {
          this.pool.recordFailedSignIn(user);
          signIn.step.attemptsLeft -= 1;
          if (signIn.step.attemptsLeft <= 0) this.pending.delete(key);
          throw new CognitoError('CodeMismatchException', 'Invalid code or auth state for the user.');
        }
        this.pending.delete(key);
        return this.tokens(user);
      }
      case 'MFA_SETUP': {
        const { key, user } = this.pendingSignInAt(input.Session, 'MFA_SETUP_DONE');
        this.pending.delete(key);
        return this.tokens(user);
      }
      default:
        throw invalidParameter(`Unsupported challenge: ${String(input.ChallengeName)}`);
    }
  }

  /** AssociateSoftwareToken with a Session: a new secret for the MFA_SETUP challenge. */
  associateSoftwareToken(session: unknown): { SecretCode: string; Session: string } {
    const { key, signIn } = this.pendingSignInAt(session, 'MFA_SETUP');
    const secret = this.pool.newTotpSecret();
    this.pending.delete(key);
    return {
      SecretCode: secret,
      Session: this.open({ ...signIn, step: { name: 'MFA_SETUP', pendingSecret: secret } }),
    };
  }

  /** VerifySoftwareToken with a Session: a right code enrols TOTP and lets MFA_SETUP finish. */
  verifySoftwareToken(session: unknown, code: unknown): { Status: 'SUCCESS'; Session: string } {
    const { key, signIn, user } = this.pendingSignInAt(session, 'MFA_SETUP');
    const secret = signIn.step.name === 'MFA_SETUP' ? signIn.step.pendingSecret : undefined;
    if (!secret) throw invalidParameter('Software token has not been associated with this session.');
    if (!this.pool.acceptTotp(user, secret, code)) {
      throw new CognitoError('EnableSoftwareTokenMFAException', 'Code mismatch');
    }
    user.totpSecret = secret;
    user.totpEnabled = true;
    this.pool.touch(user);
    this.pending.delete(key);
    return { Status: 'SUCCESS', Session: this.open({ ...signIn, step: { name: 'MFA_SETUP_DONE' } }) };
  }

  private startSrp(username: unknown, srpA: unknown): ChallengeOrTokens {
    if (typeof username !== 'string' || username === '')
      throw invalidParameter('Missing required parameter USERNAME');
    if (typeof srpA !== 'string' || !isValidClientEphemeral(srpA)) throw invalidParameter('Invalid SRP_A');
    const user = this.pool.find(username);
    // An unknown user gets a challenge built on a throwaway verifier, so the reply gives nothing away.
    const userIdForSrp = user?.username ?? username;
    const stored = user?.password ?? createSrpVerifier(this.pool.poolName, userIdForSrp, randomUUID());
    const ephemeral = createServerEphemeral(stored);
    const secretBlock = randomBytes(64).toString('base64');
    this.pending.set(secretBlock, {
      username: user?.username,
      userIdForSrp,
      step: { name: 'PASSWORD_VERIFIER', srpA, ephemeral, stored },
      expiresAt: this.pool.now() + SESSION_LIFETIME_MS,
    });
    return {
      ChallengeName: 'PASSWORD_VERIFIER',
      ChallengeParameters: {
        SALT: stored.salt,
        SECRET_BLOCK: secretBlock,
        SRP_B: ephemeral.B,
        USERNAME: userIdForSrp,
        USER_ID_FOR_SRP: userIdForSrp,
      },
    };
  }

  private async verifyPasswordClaim(responses: Record<string, unknown>): Promise<ChallengeOrTokens> {
    const secretBlock = responses.PASSWORD_CLAIM_SECRET_BLOCK;
    const signIn = typeof secretBlock === 'string' ? this.pending.get(secretBlock) : undefined;
    if (typeof secretBlock !== 'string' || !signIn || signIn.step.name !== 'PASSWORD_VERIFIER')
      throw expiredSession();
    // One claim per challenge: a wrong signature cannot be retried against the same B.
    this.pending.delete(secretBlock);
    if (signIn.expiresAt < this.pool.now()) throw expiredSession();
    const signature = responses.PASSWORD_CLAIM_SIGNATURE;
    const timestamp = responses.TIMESTAMP;
    const user = signIn.username ? this.pool.find(signIn.username) : undefined;
    if (user) this.pool.assertNotLockedOut(user);
    const matches =
      typeof signature === 'string' &&
      typeof timestamp === 'string' &&
      responses.USERNAME === signIn.userIdForSrp &&
      passwordClaimMatches({
        poolName: this.pool.poolName,
        userIdForSrp: signIn.userIdForSrp,
        srpA: signIn.step.srpA,
        ephemeral: signIn.step.ephemeral,
        stored: signIn.step.stored,
        secretBlock,
        timestamp,
        signature,
      });
    if (!user || !matches) {
      if (user) this.pool.recordFailedSignIn(user);
      throw incorrectUsernameOrPassword();
    }
    return this.afterPassword(user);
  }

  /** After a right password: confirmation, then TOTP (challenge or, when required, setup), then tokens. */
  private afterPassword(user: PoolUser): Promise<ChallengeOrTokens> | ChallengeOrTokens {
    if (user.status === 'UNCONFIRMED')
      throw new CognitoError('UserNotConfirmedException', 'User is not confirmed.');
    const base = {
      username: user.username,
      userIdForSrp: user.username,
      expiresAt: this.pool.now() + SESSION_LIFETIME_MS,
    };
    if (user.totpEnabled && user.totpSecret) {
      return {
        ChallengeName: 'SOFTWARE_TOKEN_MFA',
        ChallengeParameters: { USER_ID_FOR_SRP: user.username },
        Session: this.open({ ...base, step: { name: 'SOFTWARE_TOKEN_MFA', attemptsLeft: MFA_ATTEMPTS } }),
      };
    }
    if (this.mfaConfiguration === 'ON') {
      return {
        ChallengeName: 'MFA_SETUP',
        ChallengeParameters: { MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]', USER_ID_FOR_SRP: user.username },
        Session: this.open({ ...base, step: { name: 'MFA_SETUP' } }),
      };
    }
    return this.tokens(user);
  }

  private async tokens(user: PoolUser): Promise<ChallengeOrTokens> {
    return { AuthenticationResult: await this.pool.signIn(user), ChallengeParameters: {} };
  }

  private open(signIn: PendingSignIn): string {
    const session = randomBytes(96).toString('base64url');
    this.pending.set(session, { ...signIn, expiresAt: this.pool.now() + SESSION_LIFETIME_MS });
    return session;
  }

  /** The sign-in behind a Session, if it is at this step and not expired. */
  private pendingSignInAt(
    session: unknown,
    step: Step['name'],
  ): { key: string; signIn: PendingSignIn; user: PoolUser } {
    const signIn = typeof session === 'string' ? this.pending.get(session) : undefined;
    const user = signIn?.username ? this.pool.find(signIn.username) : undefined;
    if (typeof session !== 'string' || !signIn || !user || signIn.step.name !== step) throw expiredSession();
    if (signIn.expiresAt < this.pool.now()) {
      this.pending.delete(session);
      throw expiredSession();
    }
    return { key: session, signIn, user };
  }
}
