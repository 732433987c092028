import { cognitoUserPoolsTokenProvider } from 'aws-amplify/auth/cognito';
import { sessionStorage } from 'aws-amplify/utils';

/**
 * Tokens live in the tab's sessionStorage (see ARCHITECTURE.md, "Where the SPA keeps tokens"): they
 * survive a reload but not the tab, so no refresh token stays on disk after the user closes it.
 */
export function keepTokensInSessionStorage(): void {
  cognitoUserPoolsTokenProvider.setKeyValueStorage(sessionStorage);
}
