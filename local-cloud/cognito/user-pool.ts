import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { type JWTPayload, errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { Secret, TOTP } from 'otpauth';
import { ACCESS_TOKEN_MINUTES, REFRESH_TOKEN_DAYS } from '../../amplify/constructs/auth-hardening.ts';
import { ADMINS_GROUP } from '../../core/groups.ts';
import type { DemoAccount } from '../demo-accounts.ts';
import type { MailStore } from '../mail/mail-store.ts';
import { CognitoError, codeMismatch, expiredCode, passwordAttemptsExceeded } from './errors.ts';
import { attemptedWhileLocked, failedAttempt, isLockedOut } from './lockout.ts';
import { applyPreTokenGeneration, type PreTokenGenerationTrigger } from './pre-token-generation.ts';
import type { SigningKey } from './signing-key.ts';
import { createSrpVerifier, passwordMatches, poolNameOf } from './srp.ts';
import type { CodePurpose, PoolState, PoolStateFile, PoolUser, RefreshGrant } from './state.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const CODE_LIFETIME: Record<CodePurpose, number> = {
  signUp: 24 * HOUR,
  forgotPassword: HOUR,
  verifyEmail: 24 * HOUR,
};
const CODE_ATTEMPTS = 5;
const TOTP_PERIOD_SECONDS = 30;
const GROUPS: readonly string[] = [ADMINS_GROUP];

type TokenUse = 'access' | 'id';

export interface CodeDeliveryDetails {
  Destination: string;
  DeliveryMedium: 'EMAIL';
  AttributeName: 'email';
}

export interface AuthenticationResult {
  AccessToken: string;
  IdToken: string;
  RefreshToken?: string;
  ExpiresIn: number;
  TokenType: 'Bearer';
}

export interface UserPoolOptions {
  userPoolId: string;
  clientId: string;
  region: string;
  issuer: () => string;
  signingKey: SigningKey;
  state: PoolState;
  stateFile: PoolStateFile;
  mail: MailStore;
  preTokenGeneration: PreTokenGenerationTrigger;
  now: () => number;
}

/**
 * The users of one pool and what can happen to them: passwords, emailed codes, TOTP, token grants.
 * Wire formats live in operations.ts; this is the model behind them.
 */
export class UserPool {
  readonly poolName: string;

  constructor(private readonly options: UserPoolOptions) {
    this.poolName = poolNameOf(options.userPoolId);
  }

  get userPoolId() {
    return this.options.userPoolId;
  }
  get clientId() {
    return this.options.clientId;
  }
  now() {
    return this.options.now();
  }

  /** Finds a user by email (how people sign in) or by the internal user name (how the SDK and SRP refer to them). */
  find(usernameOrEmail: unknown): PoolUser | undefined {
    if (typeof usernameOrEmail !== 'string') return undefined;
    const wanted = usernameOrEmail.toLowerCase();
    return this.options.state.users.find(
      (user) => user.email === wanted || user.username === usernameOrEmail,
    );
  }

  createUser(email: string, password: string, sub: string = randomUUID()): PoolUser {
    const now = this.now();
    const user: PoolUser = {
      username: sub,
      sub,
      email: email.toLowerCase(),
      emailVerified: false,
      status: 'UNCONFIRMED',
      password: createSrpVerifier(this.poolName, sub, password),
      groups: [],
      totpEnabled: false,
      codes: {},
      createdAt: now,
      updatedAt: now,
    };
    this.options.state.users.push(user);
    this.save();
    return user;
  }

  /** The demo accounts, each created once with its fixed sub: confirmed, the admin in ADMINS with TOTP on. */
  ensureDemoAccounts(accounts: readonly DemoAccount[]) {
    for (const account of accounts) {
      if (this.find(account.email)) continue;
      const user = this.createUser(account.email, account.password, account.sub);
      user.status = 'CONFIRMED';
      user.emailVerified = true;
      if (account.role === 'ADMIN') user.groups.push(ADMINS_GROUP);
      if (account.totpSecret) {
        user.totpSecret = account.totpSecret;
        user.totpEnabled = true;
      }
    }
    this.save();
  }

  checkPassword(user: PoolUser, password: unknown): boolean {
    return (
      typeof password === 'string' && passwordMatches(this.poolName, user.username, password, user.password)
    );
  }

  /** Refuses a sign-in attempt while the user is locked out; the refusal itself does not count. */
  assertNotLockedOut(user: PoolUser) {
    if (!user.signInFailures || !isLockedOut(user.signInFailures, this.now())) return;
    user.signInFailures = attemptedWhileLocked(user.signInFailures, this.now());
    this.save();
    throw passwordAttemptsExceeded();
  }

  /** A wrong password or TOTP code at sign-in: one step nearer (or further into) a lockout. */
  recordFailedSignIn(user: PoolUser) {
    user.signInFailures = failedAttempt(user.signInFailures, this.now());
    this.save();
  }

  setPassword(user: PoolUser, password: string) {
    user.password = createSrpVerifier(this.poolName, user.username, password);
    this.touch(user);
  }

  /** Emails a fresh 6-digit code for this purpose, replacing any earlier one. */
  sendCode(user: PoolUser, purpose: CodePurpose): CodeDeliveryDetails {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    user.codes[purpose] = { code, expiresAt: this.now() + CODE_LIFETIME[purpose], failedAttempts: 0 };
    this.touch(user);
    const { subject, text } = codeEmail(purpose, code);
    this.options.mail.send({ from: 'no-reply@verificationemail.com', to: [user.email], subject, text });
    return maskedDelivery(user.email);
  }

  /** Spends a code: right once, within its lifetime, and only a few wrong guesses before it is void. */
  consumeCode(user: PoolUser, purpose: CodePurpose, code: unknown) {
    const issued = user.codes[purpose];
    if (!issued || issued.expiresAt < this.now()) throw expiredCode();
    if (issued.failedAttempts >= CODE_ATTEMPTS) {
      throw new CognitoError('LimitExceededException', 'Attempt limit exceeded, please try after some time.');
    }
    if (typeof code !== 'string' || code !== issued.code) {
      issued.failedAttempts += 1;
      this.save();
      throw codeMismatch();
    }
    delete user.codes[purpose];
    this.touch(user);
  }

  newTotpSecret(): string {
    return new Secret({ size: 20 }).base32;
  }

  /** Is this the current code of that secret, and newer than any code this user spent before? */
  acceptTotp(user: PoolUser, secret: string, code: unknown): boolean {
    if (typeof code !== 'string' || !/^\d{6}$/.test(code)) return false;
    const timestamp = this.now();
    const delta = TOTP.validate({ token: code, secret: Secret.fromBase32(secret), timestamp, window: 1 });
    if (delta === null) return false;
    const step = Math.floor(timestamp / 1000 / TOTP_PERIOD_SECONDS) + delta;
    if (user.lastTotpStep !== undefined && step <= user.lastTotpStep) return false;
    user.lastTotpStep = step;
    this.touch(user);
    return true;
  }

  addToGroup(user: PoolUser, group: string) {
    if (!GROUPS.includes(group)) {
      throw new CognitoError('ResourceNotFoundException', 'Group not found.');
    }
    if (!user.groups.includes(group)) user.groups.push(group);
    this.touch(user);
  }

  /** Tokens for a completed sign-in: a new refresh grant, then ID and access tokens from it. */
  async signIn(user: PoolUser): Promise<AuthenticationResult> {
    const now = this.now();
    // A completed sign-in resets the lockout count, as in Cognito.
    delete user.signInFailures;
    const refreshToken = randomBytes(48).toString('base64url');
    const grant: RefreshGrant = {
      originJti: randomUUID(),
      refreshTokenHash: sha256(refreshToken),
      username: user.username,
      authTime: Math.floor(now / 1000),
      expiresAt: now + REFRESH_TOKEN_DAYS * 24 * HOUR,
      revoked: false,
    };
    const state = this.options.state;
    state.grants = state.grants.filter((old) => old.expiresAt > now);
    state.grants.push(grant);
    this.save();
    return {
      ...(await this.issueTokens(user, grant, 'TokenGeneration_Authentication')),
      RefreshToken: refreshToken,
    };
  }

  async refresh(refreshToken: unknown): Promise<AuthenticationResult> {
    const grant =
      typeof refreshToken === 'string'
        ? this.options.state.grants.find((candidate) => candidate.refreshTokenHash === sha256(refreshToken))
        : undefined;
    const user = grant && this.find(grant.username);
    if (!grant || !user) throw new CognitoError('NotAuthorizedException', 'Invalid Refresh Token');
    if (grant.revoked) throw new CognitoError('NotAuthorizedException', 'Refresh Token has been revoked');
    if (grant.expiresAt <= this.now())
      throw new CognitoError('NotAuthorizedException', 'Refresh Token has expired');
    return this.issueTokens(user, grant, 'TokenGeneration_RefreshTokens');
  }

  /** RevokeToken: the refresh token and every access token issued from it stop working. */
  revoke(refreshToken: unknown) {
    const grant = this.options.state.grants.find(
      (candidate) => typeof refreshToken === 'string' && candidate.refreshTokenHash === sha256(refreshToken),
    );
    if (grant) grant.revoked = true;
    this.save();
  }

  /** GlobalSignOut: every grant of this user is revoked. */
  revokeAll(user: PoolUser) {
    for (const grant of this.options.state.grants) if (grant.username === user.username) grant.revoked = true;
    this.save();
  }

  /** The user behind a valid, unrevoked access token of this pool, or Cognito's refusal. */
  async authenticate(accessToken: unknown): Promise<{ user: PoolUser; claims: JWTPayload }> {
    const claims = await this.verifyAccessToken(accessToken);
    const user = this.find(claims.username);
    if (!user) throw new CognitoError('NotAuthorizedException', 'User does not exist.');
    return { user, claims };
  }

  /** Verifies an access token as Cognito would for its own APIs: signature, issuer, use, expiry, revocation. */
  verifyAccessToken(accessToken: unknown): Promise<JWTPayload> {
    return this.verifyToken(accessToken, ['access']);
  }

  /**
   * Verifies a token as AppSync's user-pool authorization does: an access token (its `client_id`) or
   * an ID token (its `aud`) of this app client, with the claims Cognito always writes (exp, iat,
   * token_use, iss) present and valid. Revoked tokens are refused too.
   */
  verifyUserPoolToken(token: unknown): Promise<JWTPayload> {
    return this.verifyToken(token, ['access', 'id']);
  }

  private async verifyToken(token: unknown, uses: readonly TokenUse[]): Promise<JWTPayload> {
    const invalid = () => new CognitoError('NotAuthorizedException', 'Invalid Access Token');
    if (typeof token !== 'string') throw invalid();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.options.signingKey.publicKey, {
        issuer: this.options.issuer(),
        algorithms: ['RS256'],
        requiredClaims: ['exp', 'iat', 'token_use'],
        currentDate: new Date(this.now()),
      }));
    } catch (error) {
      throw new CognitoError(
        'NotAuthorizedException',
        error instanceof joseErrors.JWTExpired ? 'Access Token has expired' : 'Invalid Access Token',
      );
    }
    const use = payload.token_use as TokenUse;
    const client = use === 'access' ? payload.client_id : payload.aud;
    // jose checks that iat is a number, not that it is past: a token from the future is not one of ours.
    const issuedInFuture = (payload.iat as number) * 1000 > this.now();
    if (!uses.includes(use) || client !== this.clientId || issuedInFuture) throw invalid();
    const grant = this.options.state.grants.find((candidate) => candidate.originJti === payload.origin_jti);
    if (!grant || grant.revoked)
      throw new CognitoError('NotAuthorizedException', 'Access Token has been revoked');
    return payload;
  }

  touch(user: PoolUser) {
    user.updatedAt = this.now();
    this.save();
  }

  save() {
    this.options.stateFile.save(this.options.state);
  }

  private async issueTokens(
    user: PoolUser,
    grant: RefreshGrant,
    triggerSource: 'TokenGeneration_Authentication' | 'TokenGeneration_RefreshTokens',
  ): Promise<AuthenticationResult> {
    const issuedAt = Math.floor(this.now() / 1000);
    const common = {
      sub: user.sub,
      iss: this.options.issuer(),
      origin_jti: grant.originJti,
      event_id: randomUUID(),
      auth_time: grant.authTime,
      ...(user.groups.length > 0 ? { 'cognito:groups': [...user.groups] } : {}),
    };
    const claims = await applyPreTokenGeneration(
      this.options.preTokenGeneration,
      this.triggerEvent(user, triggerSource),
      {
        id: {
          ...common,
          aud: this.clientId,
          token_use: 'id',
          'cognito:username': user.username,
          email: user.email,
          email_verified: user.emailVerified,
        },
        access: {
          ...common,
          client_id: this.clientId,
          token_use: 'access',
          scope: 'aws.cognito.signin.user.admin',
          username: user.username,
        },
      },
    );
    const expiresIn = ACCESS_TOKEN_MINUTES * 60;
    const sign = (payload: JWTPayload) =>
      new SignJWT(payload)
        .setProtectedHeader({ alg: 'RS256', kid: this.options.signingKey.kid })
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + expiresIn)
        .setJti(randomUUID())
        .sign(this.options.signingKey.privateKey);
    return {
      IdToken: await sign(claims.id),
      AccessToken: await sign(claims.access),
      ExpiresIn: expiresIn,
      TokenType: 'Bearer',
    };
  }

  private triggerEvent(
    user: PoolUser,
    triggerSource: 'TokenGeneration_Authentication' | 'TokenGeneration_RefreshTokens',
  ): PreTokenGenerationV2TriggerEvent {
    return {
      version: '2',
      triggerSource,
      region: this.options.region,
      userPoolId: this.userPoolId,
      userName: user.username,
      callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: this.clientId },
      request: {
        userAttributes: { ...userAttributes(user), 'cognito:user_status': user.status },
        groupConfiguration: {
          groupsToOverride: [...user.groups],
          iamRolesToOverride: [],
          preferredRole: undefined,
        },
        scopes: ['aws.cognito.signin.user.admin'],
      },
      // Cognito sends null here; the trigger fills it in.
      response: { claimsAndScopeOverrideDetails: null as never },
    } as PreTokenGenerationV2TriggerEvent;
  }
}

export function userAttributes(user: PoolUser): Record<string, string> {
  return { sub: user.sub, email: user.email, email_verified: String(user.emailVerified) };
}

/** Where a code went, as Cognito shows it without disclosing the address: a***@e***. */
export function maskedDelivery(email: string): CodeDeliveryDetails {
  const [local = '', domain = ''] = email.split('@');
  return {
    Destination: `${local.slice(0, 1)}***@${domain.slice(0, 1)}***`,
    DeliveryMedium: 'EMAIL',
    AttributeName: 'email',
  };
}

function codeEmail(purpose: CodePurpose, code: string): { subject: string; text: string } {
  switch (purpose) {
    case 'signUp':
      return { subject: 'Your verification code', text: `Your confirmation code is ${code}` };
    case 'forgotPassword':
      return { subject: 'Your password reset code', text: `Your password reset code is ${code}` };
    case 'verifyEmail':
      return { subject: 'Your verification code', text: `Your verification code is ${code}` };
  }
}

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
