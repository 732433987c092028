/** The page's heading for each step (route) of the Authenticator, so the page says where the user is. */
const HEADINGS: Record<string, string> = {
  signIn: 'Sign in',
  signUp: 'Create an account',
  confirmSignUp: 'Confirm your email',
  confirmSignIn: 'Enter your sign-in code',
  setupTotp: 'Set up two-factor sign-in',
  selectMfaType: 'Choose how to confirm sign-in',
  forceNewPassword: 'Choose a new password',
  forgotPassword: 'Reset your password',
  confirmResetPassword: 'Choose a new password',
  verifyUser: 'Verify your email',
  confirmVerifyUser: 'Verify your email',
};

export function headingFor(route: string): string {
  return HEADINGS[route] ?? 'Sign in';
}

/**
 * Amplify UI's English words in sentence case, like the rest of the app ("Create account", not
 * "Create Account"), and in plain words where its own are jargon ("TOTP").
 */
export const SENTENCE_CASE_VOCABULARY: Record<string, string> = {
  'Authenticator App (TOTP)': 'Authenticator app',
  'Back to Sign In': 'Back to sign in',
  'Change Password': 'Change password',
  'Confirm Email Code': 'Enter the code from your email',
  'Confirm MFA Code': 'Enter your sign-in code',
  'Confirm Password': 'Confirm password',
  'Confirm Sign Up': 'Confirm sign-up',
  'Confirm TOTP Code': 'Enter the 6-digit code from your authenticator app',
  'Confirmation Code': 'Confirmation code',
  'Create Account': 'Create account',
  'Creating Account': 'Creating account',
  'Enter your Confirmation Code': 'Enter your confirmation code',
  'Enter your Email': 'Enter your email',
  'Enter your Password': 'Enter your password',
  'Multi-Factor Authentication': 'Two-factor sign-in',
  'Multi-Factor Authentication Setup': 'Set up two-factor sign-in',
  'Please confirm your Password': 'Confirm your password',
  'Resend Code': 'Resend code',
  'Reset your Password': 'Reset your password',
  'Send Code': 'Send code',
  'Setup TOTP': 'Set up two-factor sign-in',
  'Sign In': 'Sign in',
  'Verify Contact': 'Verify contact',
  'We Emailed You': 'We emailed you',
  'We Sent A Code': 'We sent a code',
};

/** The user pool's password rules, as Amplify reads them from amplify_outputs.json. */
export interface PasswordFormat {
  minLength?: number;
  requireLowercase?: boolean;
  requireUppercase?: boolean;
  requireNumbers?: boolean;
  requireSpecialCharacters?: boolean;
}

/** The password rules in words, shown under the field before anyone types. */
export function passwordRules(format: PasswordFormat | undefined): string {
  const needs = [
    format?.requireLowercase && 'a lower-case letter',
    format?.requireUppercase && 'a capital letter',
    format?.requireNumbers && 'a number',
    format?.requireSpecialCharacters && 'a symbol',
  ].filter((need): need is string => Boolean(need));
  const length = `At least ${format?.minLength ?? 8} characters`;
  const including = needs.length ? `, including ${needs.join(', ').replace(/, ([^,]*)$/, ' and $1')}` : '';
  return `${length}${including}. A few random words make a strong password that is easy to type.`;
}
