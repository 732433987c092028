/**
 * An error as Cognito reports it: HTTP 400, `x-amzn-errortype` and `{"__type", "message"}`. The
 * aws-amplify client and the AWS SDK both turn `__type` into the error's name.
 */
export class CognitoError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** What the pool says for an unknown user and for a wrong password alike (no user-existence errors). */
export const incorrectUsernameOrPassword = () =>
  new CognitoError('NotAuthorizedException', 'Incorrect username or password.');

/** A sign-in attempt while the user is locked out after failed attempts (lockout.ts). */
export const passwordAttemptsExceeded = () =>
  new CognitoError('NotAuthorizedException', 'Password attempts exceeded');

export const invalidParameter = (message: string) => new CognitoError('InvalidParameterException', message);

export const codeMismatch = () =>
  new CognitoError('CodeMismatchException', 'Invalid verification code provided, please try again.');

export const expiredCode = () =>
  new CognitoError('ExpiredCodeException', 'Invalid code provided, please request a code again.');

export const expiredSession = () =>
  new CognitoError('NotAuthorizedException', 'Invalid session for the user, session is expired.');
