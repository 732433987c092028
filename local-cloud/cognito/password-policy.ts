import { PASSWORD_POLICY } from '../../amplify/constructs/auth-hardening.ts';
import { CognitoError, invalidParameter } from './errors.ts';

// Cognito's own limits on any password, whatever the pool's policy says.
const MAX_LENGTH = 256;
const NO_SURROUNDING_SPACE = /^\S(.*\S)?$/s;

/** Throws Cognito's error for a password the deployed pool would refuse (the policy is read from amplify/). */
export interface PasswordPolicy {
  minimumLength: number;
  requireLowercase: boolean;
  requireUppercase: boolean;
  requireNumbers: boolean;
  requireSymbols: boolean;
}

export function assertPasswordAllowed(
  password: unknown,
  policy: PasswordPolicy = PASSWORD_POLICY,
): asserts password is string {
  if (typeof password !== 'string' || password.length > MAX_LENGTH || !NO_SURROUNDING_SPACE.test(password)) {
    throw invalidParameter(
      `1 validation error detected: Value at 'password' failed to satisfy constraint: Member must have length less than or equal to ${MAX_LENGTH} and no leading or trailing whitespace`,
    );
  }
  const failures: string[] = [];
  if (password.length < policy.minimumLength) failures.push('Password not long enough');
  if (policy.requireLowercase && !/\p{Ll}/u.test(password))
    failures.push('Password must have lowercase characters');
  if (policy.requireUppercase && !/\p{Lu}/u.test(password))
    failures.push('Password must have uppercase characters');
  if (policy.requireNumbers && !/\d/.test(password)) failures.push('Password must have numeric characters');
  if (policy.requireSymbols && !/[^\p{L}\d\s]/u.test(password))
    failures.push('Password must have symbol characters');
  if (failures.length > 0) {
    throw new CognitoError(
      'InvalidPasswordException',
      `Password did not conform with policy: ${failures[0]}`,
    );
  }
}
