import { Suspense, useEffect } from 'react';
import { Link, Redirect, Route, Switch, useLocation } from 'wouter';
import { homeFor, useSession } from './auth/session.tsx';
import { Skeleton, setDocumentTitle } from './ui/loading.tsx';
import { lazyPage, RouteBoundary } from './ui/route-boundary.tsx';

// Only the frame and the landing page load up front; the Authenticator and the data client come
// with the pages that need them.
const SignInPage = lazyPage(() => import('./auth/SignInPage.tsx'));
const SignedInApp = lazyPage(() => import('./SignedInApp.tsx'));
const SignedInHeader = lazyPage(() => import('./SignedInHeader.tsx'));

export function App() {
  const session = useSession();
  const [location] = useLocation();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <Link href="/" className="brand">
          Secure Orders
        </Link>
        {session.status === 'signedIn' ? (
          <RouteBoundary>
            <Suspense fallback={null}>
              <SignedInHeader session={session} />
            </Suspense>
          </RouteBoundary>
        ) : (
          session.status === 'signedOut' &&
          location !== '/sign-in' && (
            <Link href="/sign-in" className="button button-primary">
              Sign in
            </Link>
          )
        )}
      </header>
      <main id="main" className="app-main">
        <RouteBoundary>
          <Suspense fallback={<Skeleton label="Loading" rows={4} />}>
            <Switch>
              <Route path="/">
                {session.status === 'signedIn' ? <Redirect to={homeFor(session)} replace /> : <Landing />}
              </Route>
              <Route path="/sign-in">
                <SignInPage />
              </Route>
              <Route>
                {session.status === 'loading' ? (
                  <Skeleton label="Checking your session" rows={4} />
                ) : session.status === 'signedOut' ? (
                  <Redirect to={`/sign-in?next=${encodeURIComponent(location)}`} replace />
                ) : (
                  <SignedInApp />
                )}
              </Route>
            </Switch>
          </Suspense>
        </RouteBoundary>
      </main>
    </>
  );
}

function Landing() {
  useEffect(() => setDocumentTitle(''), []);
  return (
    <section className="landing" aria-labelledby="landing-heading">
      <h1 id="landing-heading">Order from the catalogue, watch every step live</h1>
      <p>
        Place orders, follow them from confirmation to delivery without reloading, and cancel while they are
        pending. Administrators run the shop from the same app, with two-factor sign-in.
      </p>
      <p>
        <Link href="/sign-in" className="button button-primary">
          Sign in or create an account
        </Link>
      </p>
    </section>
  );
}
