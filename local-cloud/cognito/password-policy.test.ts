import { describe, expect, it } from 'vitest';
import { PASSWORD_POLICY } from '../../amplify/constructs/auth-hardening.ts';
import { assertPasswordAllowed } from './password-policy.ts';

describe('the local password policy', () => {
  it('given the deployed policy, when a password is one character short, then InvalidPasswordException', () => {
    expect(() => assertPasswordAllowed('x'.repeat(PASSWORD_POLICY.minimumLength - 1))).toThrow(
      expect.objectContaining({
        type: 'InvalidPasswordException',
        message: expect.stringMatching(/not long enough/),
      }),
    );
  });

  it('given the deployed policy, when a password is exactly long enough with no character classes, then it is allowed', () => {
    expect(() => assertPasswordAllowed('x'.repeat(PASSWORD_POLICY.minimumLength))).not.toThrow();
  });

  it('given Cognito limits, when a password has surrounding spaces or exceeds 256 characters, then InvalidParameterException', () => {
    for (const password of [' leading space here', 'trailing space here ', 'x'.repeat(257)]) {
      expect(() => assertPasswordAllowed(password)).toThrow(
        expect.objectContaining({ type: 'InvalidParameterException' }),
      );
    }
  });

  it('given a policy with composition rules, when a class is missing, then the first missing one is named', () => {
    const strict = {
      minimumLength: 8,
      requireLowercase: true,
      requireUppercase: true,
      requireNumbers: true,
      requireSymbols: true,
    };
    expect(() => assertPasswordAllowed('lowercase1!', strict)).toThrow(/uppercase/);
    expect(() => assertPasswordAllowed('Lowercase1!', strict)).not.toThrow();
  });
});
