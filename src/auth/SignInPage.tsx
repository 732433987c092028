import { Authenticator } from '@aws-amplify/ui-react';
import '@aws-amplify/ui-react/styles.css';
import { useEffect } from 'react';
import { useLocation, useSearch } from 'wouter';
import { localMailViewerUrl } from '../amplify-config.ts';
import { useSession } from './session.tsx';

/** Where to go after sign-in: only a path inside this app, never another origin. */
function safeNext(search: string): string {
  const next = new URLSearchParams(search).get('next') ?? '/orders';
  return next.startsWith('/') && !next.startsWith('//') ? next : '/orders';
}

/**
 * Sign-up, confirmation, sign-in, password reset and TOTP setup and challenge: the Amplify UI
 * Authenticator, in its own lazily loaded chunk (it is most of the sign-in page's weight).
 */
export default function SignInPage() {
  const session = useSession();
  const search = useSearch();
  const [, navigate] = useLocation();
  useEffect(() => {
    if (session.status === 'signedIn') navigate(safeNext(search), { replace: true });
  }, [session.status, search, navigate]);

  return (
    <section className="sign-in" aria-labelledby="sign-in-heading">
      <h1 id="sign-in-heading">Sign in</h1>
      <Authenticator formFields={{ setupTotp: { QR: { totpIssuer: 'Secure Orders' } } }}>
        {() => <p role="status">Signed in. Opening your orders…</p>}
      </Authenticator>
      {localMailViewerUrl && (
        <p className="muted local-hint">
          Running locally: confirmation codes arrive in the <a href={localMailViewerUrl}>local mail viewer</a>
          .
        </p>
      )}
    </section>
  );
}
