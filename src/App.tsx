import { signOut } from 'aws-amplify/auth';
import { Suspense, useEffect } from 'react';
import { Link, Redirect, Route, Switch, useLocation } from 'wouter';
import { homeFor, useSession } from './auth/session.tsx';
import { Skeleton, setDocumentTitle } from './ui/feedback.tsx';
import { MainNav, type NavItem, UserMenu } from './ui/nav.tsx';
import { lazyPage, RouteBoundary } from './ui/route-boundary.tsx';

// Only the frame and the landing page load up front; the Authenticator and the data client come
// with the pages that need them.
const SignInPage = lazyPage(() => import('./auth/SignInPage.tsx'));
const SignedInApp = lazyPage(() => import('./SignedInApp.tsx'));

const CUSTOMER_NAV: NavItem[] = [
  { href: '/orders', label: 'My orders' },
  { href: '/orders/new', label: 'New order' },
  { href: '/profile', label: 'Profile' },
];
// Admins start from every customer's orders; their own come after.
const ADMIN_NAV: NavItem[] = [
  { href: '/admin/orders', label: 'All orders' },
  ...CUSTOMER_NAV.slice(0, 2),
  { href: '/admin/dashboard', label: 'Dashboard' },
  { href: '/admin/reports', label: 'Reports' },
  ...CUSTOMER_NAV.slice(2),
];

function navItemsFor(isAdmin: boolean): NavItem[] {
  return isAdmin ? ADMIN_NAV : CUSTOMER_NAV;
}

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
          <>
            <nav aria-label="Main">
              <MainNav items={navItemsFor(session.isAdmin)} />
            </nav>
            <UserMenu
              email={session.email}
              accountKind={session.isAdmin ? 'Administrator' : 'Customer'}
              onSignOut={() => signOut()}
            />
          </>
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
