import { Authenticator, useAuthenticator } from '@aws-amplify/ui-react';
import '@aws-amplify/ui-react/styles.css';
import { Amplify } from 'aws-amplify';
import { I18n } from 'aws-amplify/utils';
import { useEffect } from 'react';
import { useLocation, useSearch } from 'wouter';
import { localMailViewerUrl } from '../amplify-config.ts';
import { setDocumentTitle } from '../ui/loading.tsx';
import { homeFor, useSession } from './session.tsx';
import { headingFor, passwordRules, SENTENCE_CASE_VOCABULARY } from './sign-in-copy.ts';

I18n.putVocabulariesForLanguage('en', SENTENCE_CASE_VOCABULARY);

/** Where to go after sign-in: the page asked for if it is a path inside this app, else home. */
function safeNext(search: string, home: string): string {
  const next = new URLSearchParams(search).get('next');
  return next?.startsWith('/') && !next.startsWith('//') ? next : home;
}

/** The user pool's password rules, from amplify_outputs.json, in words. */
function PasswordRules() {
  return <p className="password-rules">{passwordRules(Amplify.getConfig().Auth?.Cognito?.passwordFormat)}</p>;
}

/** The rules under every form that chooses a password, there before the first keystroke. */
const WITH_PASSWORD_RULES = {
  SignUp: {
    FormFields() {
      return (
        <>
          <Authenticator.SignUp.FormFields />
          <PasswordRules />
        </>
      );
    },
  },
  ForceNewPassword: {
    FormFields() {
      return (
        <>
          <Authenticator.ForceNewPassword.FormFields />
          <PasswordRules />
        </>
      );
    },
  },
  ConfirmResetPassword: { Header: PasswordRules },
};

/** The page's h1, following the Authenticator's step. */
function StepHeading() {
  const { route } = useAuthenticator((context) => [context.route]);
  const heading = headingFor(route);
  useEffect(() => setDocumentTitle(heading), [heading]);
  return <h1 id="sign-in-heading">{heading}</h1>;
}

/**
 * Sign-up, confirmation, sign-in, password reset and TOTP setup and challenge: the Amplify UI
 * Authenticator, in its own lazily loaded chunk (it is most of the sign-in page's weight). The
 * password rules are the user pool's own, from amplify_outputs.json, shown before anyone types.
 */
export default function SignInPage() {
  const session = useSession();
  const search = useSearch();
  const [, navigate] = useLocation();
  useEffect(() => {
    if (session.status === 'signedIn') navigate(safeNext(search, homeFor(session)), { replace: true });
  }, [session, search, navigate]);

  return (
    <section className="sign-in" aria-labelledby="sign-in-heading">
      <Authenticator.Provider>
        <StepHeading />
        <Authenticator
          formFields={{ setupTotp: { QR: { totpIssuer: 'Secure Orders' } } }}
          components={WITH_PASSWORD_RULES}
        >
          {() => <p role="status">Signed in. Opening Secure Orders…</p>}
        </Authenticator>
      </Authenticator.Provider>
      {localMailViewerUrl && (
        <p className="muted local-hint">
          Running locally: confirmation codes arrive in the <a href={localMailViewerUrl}>local mail viewer</a>
          .
        </p>
      )}
    </section>
  );
}
