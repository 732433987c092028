import { describe, expect, it } from 'vitest';
import { headingFor, passwordRules, SENTENCE_CASE_VOCABULARY } from './sign-in-copy.ts';

describe('the sign-in page copy', () => {
  it("given the pool's policy of 15 characters and nothing else, then the rules say just that", () => {
    expect(passwordRules({ minLength: 15 })).toBe(
      'At least 15 characters. A few random words make a strong password that is easy to type.',
    );
  });

  it('given a policy that requires kinds of character, then they are listed in words', () => {
    expect(passwordRules({ minLength: 8, requireNumbers: true, requireUppercase: true })).toMatch(
      /^At least 8 characters, including a capital letter and a number\./,
    );
  });

  it('given each step of the Authenticator, then the heading names it', () => {
    expect(headingFor('signUp')).toBe('Create an account');
    expect(headingFor('confirmSignUp')).toBe('Confirm your email');
    expect(headingFor('confirmSignIn')).toBe('Enter your sign-in code');
    expect(headingFor('idle')).toBe('Sign in');
  });

  it("given Amplify UI's words, then every replacement is in sentence case", () => {
    for (const words of Object.values(SENTENCE_CASE_VOCABULARY)) {
      const [, ...rest] = words.split(' ');
      expect(
        rest.filter((word) => /^[A-Z][a-z]/.test(word)),
        words,
      ).toEqual([]);
    }
  });
});
