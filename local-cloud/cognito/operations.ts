import { CognitoError, codeMismatch, incorrectUsernameOrPassword, invalidParameter } from './errors.ts';
import { assertPasswordAllowed } from './password-policy.ts';
import type { SignInFlow } from './sign-in.ts';
import type { PoolUser } from './state.ts';
import { maskedDelivery, type UserPool, userAttributes } from './user-pool.ts';

type Json = Record<string, unknown>;
export type Operation = (input: Json) => unknown | Promise<unknown>;

/** Operations that need AWS credentials (SigV4), as opposed to the public, token-based ones. */
export const ADMIN_OPERATIONS = new Set(['AdminGetUser', 'AdminAddUserToGroup']);

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The Cognito operations the aws-amplify client (and the pre-token trigger) call, by their
 * `x-amz-target` name. Errors follow Cognito's, including its care not to reveal whether a user
 * exists: an unknown user looks like a wrong password or gets a plausible delivery.
 */
export class CognitoOperations {
  constructor(
    private readonly pool: UserPool,
    private readonly signIn: SignInFlow,
  ) {}

  /** The operation behind an `x-amz-target` name: only this class's Cognito-named methods. */
  static lookup(operations: CognitoOperations, name: string): Operation | undefined {
    if (!/^[A-Z]/.test(name) || !Object.hasOwn(CognitoOperations.prototype, name)) return undefined;
    const method = (operations as unknown as Record<string, Operation>)[name];
    return method?.bind(operations);
  }

  InitiateAuth(input: Json) {
    return this.signIn.initiateAuth(input);
  }
  RespondToAuthChallenge(input: Json) {
    return this.signIn.respondToAuthChallenge(input);
  }

  SignUp(input: Json) {
    const email = String(input.Username ?? '').toLowerCase();
    if (!EMAIL.test(email)) throw invalidParameter('Username should be an email.');
    assertPasswordAllowed(input.Password);
    if (this.pool.find(email)) {
      throw new CognitoError('UsernameExistsException', 'An account with the given email already exists.');
    }
    const user = this.pool.createUser(email, input.Password);
    return {
      UserConfirmed: false,
      UserSub: user.sub,
      CodeDeliveryDetails: this.pool.sendCode(user, 'signUp'),
    };
  }

  ConfirmSignUp(input: Json) {
    const user = this.existing(input.Username, codeMismatch);
    if (user.status !== 'UNCONFIRMED') {
      throw new CognitoError(
        'NotAuthorizedException',
        `User cannot be confirmed. Current status is ${user.status}`,
      );
    }
    this.pool.consumeCode(user, 'signUp', input.ConfirmationCode);
    user.status = 'CONFIRMED';
    user.emailVerified = true;
    this.pool.touch(user);
    return {};
  }

  ResendConfirmationCode(input: Json) {
    const user = this.pool.find(input.Username);
    if (!user) return { CodeDeliveryDetails: maskedDelivery(String(input.Username)) };
    if (user.status !== 'UNCONFIRMED') throw invalidParameter('User is already confirmed.');
    return { CodeDeliveryDetails: this.pool.sendCode(user, 'signUp') };
  }

  ForgotPassword(input: Json) {
    const user = this.pool.find(input.Username);
    if (!user) return { CodeDeliveryDetails: maskedDelivery(String(input.Username)) };
    if (!user.emailVerified) {
      throw invalidParameter(
        'Cannot reset password for the user as there is no registered/verified email or phone_number',
      );
    }
    return { CodeDeliveryDetails: this.pool.sendCode(user, 'forgotPassword') };
  }

  ConfirmForgotPassword(input: Json) {
    const user = this.existing(input.Username, codeMismatch);
    assertPasswordAllowed(input.Password);
    this.pool.consumeCode(user, 'forgotPassword', input.ConfirmationCode);
    this.pool.setPassword(user, input.Password);
    return {};
  }

  async ChangePassword(input: Json) {
    const { user } = await this.pool.authenticate(input.AccessToken);
    if (!this.pool.checkPassword(user, input.PreviousPassword)) throw incorrectUsernameOrPassword();
    assertPasswordAllowed(input.ProposedPassword);
    this.pool.setPassword(user, input.ProposedPassword);
    return {};
  }

  async GetUser(input: Json) {
    const { user } = await this.pool.authenticate(input.AccessToken);
    return { Username: user.username, UserAttributes: attributeList(user), ...mfaSettings(user) };
  }

  async GetUserAttributeVerificationCode(input: Json) {
    const { user } = await this.pool.authenticate(input.AccessToken);
    if (input.AttributeName !== 'email') throw invalidParameter('Only the email attribute can be verified.');
    return { CodeDeliveryDetails: this.pool.sendCode(user, 'verifyEmail') };
  }

  async VerifyUserAttribute(input: Json) {
    const { user } = await this.pool.authenticate(input.AccessToken);
    if (input.AttributeName !== 'email') throw invalidParameter('Only the email attribute can be verified.');
    this.pool.consumeCode(user, 'verifyEmail', input.Code);
    user.emailVerified = true;
    this.pool.touch(user);
    return {};
  }

  async AssociateSoftwareToken(input: Json) {
    if (input.Session !== undefined) return this.signIn.associateSoftwareToken(input.Session);
    const { user } = await this.pool.authenticate(input.AccessToken);
    user.pendingTotpSecret = this.pool.newTotpSecret();
    this.pool.touch(user);
    return { SecretCode: user.pendingTotpSecret };
  }

  async VerifySoftwareToken(input: Json) {
    if (input.Session !== undefined) return this.signIn.verifySoftwareToken(input.Session, input.UserCode);
    const { user } = await this.pool.authenticate(input.AccessToken);
    if (!user.pendingTotpSecret) throw invalidParameter('User has not associated a software token.');
    if (!this.pool.acceptTotp(user, user.pendingTotpSecret, input.UserCode)) {
      throw new CognitoError('EnableSoftwareTokenMFAException', 'Code mismatch');
    }
    // Verified, not yet required at sign-in: SetUserMFAPreference turns it on, as in Cognito.
    user.totpSecret = user.pendingTotpSecret;
    delete user.pendingTotpSecret;
    this.pool.touch(user);
    return { Status: 'SUCCESS' };
  }

  async SetUserMFAPreference(input: Json) {
    const { user } = await this.pool.authenticate(input.AccessToken);
    for (const other of ['SMSMfaSettings', 'EmailMfaSettings', 'WebAuthnMfaSettings']) {
      if ((input[other] as { Enabled?: boolean } | undefined)?.Enabled) {
        throw invalidParameter('Only software token (TOTP) MFA is enabled for this user this.pool.');
      }
    }
    const totp = input.SoftwareTokenMfaSettings as { Enabled?: boolean } | undefined;
    if (typeof totp?.Enabled === 'boolean') {
      if (totp.Enabled && !user.totpSecret)
        throw invalidParameter('User has not verified software token mfa');
      user.totpEnabled = totp.Enabled;
      this.pool.touch(user);
    }
    return {};
  }

  RevokeToken(input: Json) {
    if (input.ClientId !== this.pool.clientId) {
      throw new CognitoError('UnauthorizedException', 'Client is not authorized to revoke this token.');
    }
    this.pool.revoke(input.Token);
    return {};
  }

  async GlobalSignOut(input: Json) {
    const { user } = await this.pool.authenticate(input.AccessToken);
    this.pool.revokeAll(user);
    return {};
  }

  async GetTokensFromRefreshToken(input: Json) {
    return { AuthenticationResult: await this.pool.refresh(input.RefreshToken) };
  }

  AdminGetUser(input: Json) {
    const user = this.existing(
      input.Username,
      () => new CognitoError('UserNotFoundException', 'User does not exist.'),
    );
    return {
      Username: user.username,
      UserAttributes: attributeList(user),
      UserCreateDate: user.createdAt / 1000,
      UserLastModifiedDate: user.updatedAt / 1000,
      Enabled: true,
      UserStatus: user.status,
      ...mfaSettings(user),
    };
  }

  AdminAddUserToGroup(input: Json) {
    const user = this.existing(
      input.Username,
      () => new CognitoError('UserNotFoundException', 'User does not exist.'),
    );
    this.pool.addToGroup(user, String(input.GroupName));
    return {};
  }

  /** A user by the name a public operation was given; unknown ones get `unknown()`'s answer. */
  private existing(username: unknown, unknown: () => Error): PoolUser {
    const user = this.pool.find(username);
    if (!user) throw unknown();
    return user;
  }
}

function attributeList(user: PoolUser) {
  return Object.entries(userAttributes(user)).map(([Name, Value]) => ({ Name, Value }));
}

/** What GetUser and AdminGetUser say about MFA (the pre-token trigger reads UserMFASettingList). */
function mfaSettings(user: PoolUser) {
  return user.totpEnabled
    ? { PreferredMfaSetting: 'SOFTWARE_TOKEN_MFA', UserMFASettingList: ['SOFTWARE_TOKEN_MFA'] }
    : {};
}
