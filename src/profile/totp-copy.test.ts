import { describe, expect, it } from 'vitest';
import { codeProblem, friendlyCodeError, groupedKey } from './totp-copy.ts';

describe('two-factor setup copy', () => {
  it('given a 32-character key, then it shows in groups of four', () => {
    expect(groupedKey('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP')).toBe('JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP');
  });

  it('given five digits or letters, then it asks for six digits; given six with a space, then it accepts', () => {
    expect(codeProblem('12345')).toBe('Enter the 6 digits your authenticator app shows.');
    expect(codeProblem('12345a')).not.toBeNull();
    expect(codeProblem('123 456')).toBeNull();
  });

  it("given Cognito's code mismatch, then the user reads what to do, not Cognito's words", () => {
    const mismatch = Object.assign(new Error('Code mismatch'), { name: 'EnableSoftwareTokenMFAException' });
    expect(friendlyCodeError(mismatch)).toBe(
      "That code didn't match. Check that your phone's clock is right, then enter the newest code.",
    );
  });
});
