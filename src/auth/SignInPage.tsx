import { Authenticator, useAuthenticator } from '@aws-amplify/ui-react';
import '@aws-amplify/ui-react/styles.css';
import { Amplify } from 'aws-amplify';
import { I18n } from 'aws-amplify/utils';
import { useEffect } from 'react';
import { useLocation, useSearch } from 'wouter';
import { localMailViewerUrl } from '../amplify-config.ts';
import { useSession } from './session.tsx';
import { headingFor, passwordRules, SENTENCE_CASE_VOCABULARY } from './sign-in-copy.ts';

I18n.putVocabulariesForLanguage('en', SENTENCE_CASE_VOCABULARY);

/** Where to go after sign-in: only a path inside this app, never another origin. */
function safeNext(search: string): string {
  const next = new URLSearchParams(search).get('next') ?? '/orders';
  return next.startsWith('/') && !next.startsWith('//') ? next : '/orders';
}

/** The page's h1, following the Authenticator's step. */
function StepHeading() {
  const { route } = useAuthenticator((context) => [context.route]);
  return <h1 id="sign-in-heading">{headingFor(route)}</h1>;
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
    if (session.status === 'signedIn') navigate(safeNext(search), { replace: true });
  }, [session.status, search, navigate]);
  const rules = (
    <p className="password-rules">{passwordRules(Amplify.getConfig().Auth?.Cognito?.passwordFormat)}</p>
  );

  return (
    <section className="sign-in" aria-labelledby="sign-in-heading">
      <Authenticator.Provider>
        <StepHeading />
        <Authenticator
          formFields={{ setupTotp: { QR: { totpIssuer: 'Secure Orders' } } }}
          components={{
            SignUp: {
              FormFields: () => (
                <>
                  <Authenticator.SignUp.FormFields />
                  {rules}
                </>
              ),
            },
            ForceNewPassword: {
              FormFields: () => (
                <>
                  <Authenticator.ForceNewPassword.FormFields />
                  {rules}
                </>
              ),
            },
            ConfirmResetPassword: { Header: () => rules },
          }}
        >
          {() => <p role="status">Signed in. Opening your orders…</p>}
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
