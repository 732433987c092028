import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { Suspense, useEffect, useState } from 'react';
import { Link, Route, Switch, useLocation } from 'wouter';
import { AdminGate } from './admin/AdminGate.tsx';
import { listMyOrders } from './api/commands.ts';
import { ApiProblem } from './api/problem.ts';
import { LiveUpdatesProvider, useLiveUpdates } from './live/live-updates.tsx';
import { MyOrdersPage } from './orders/MyOrdersPage.tsx';
import { OrderPage } from './orders/OrderPage.tsx';
import { EmptyState, OFFLINE_MESSAGE, PageHeading, Skeleton } from './ui/feedback.tsx';
import { lazyPage, RouteBoundary } from './ui/route-boundary.tsx';

// The order form brings zod (the shared request schemas); the other signed-in pages need none.
const PlaceOrderPage = lazyPage(() => import('./orders/PlaceOrderPage.tsx'));
const AdminOrdersPage = lazyPage(() => import('./admin/AdminOrdersPage.tsx'));
const DashboardPage = lazyPage(() => import('./admin/DashboardPage.tsx'));
const ReportsPage = lazyPage(() => import('./admin/ReportsPage.tsx'));
const ReportPage = lazyPage(() => import('./admin/ReportPage.tsx'));
const CataloguePages = lazyPage(() => import('./admin/catalogue/CataloguePages.tsx'));
const ProfilePage = lazyPage(() => import('./profile/ProfilePage.tsx'));

/** Retry what may pass on a second try (network, 5xx, throttling); never a refusal or a conflict. */
function retryTransient(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiProblem && error.status < 500 && error.status !== 429) return false;
  return failureCount < 2;
}

const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: retryTransient, staleTime: 15_000 },
    mutations: { retry: false },
  },
});

/** Everything behind sign-in: the data client, live updates and the pages that use them. */
export default function SignedInApp() {
  const [location] = useLocation();
  return (
    <QueryClientProvider client={queryClient}>
      <LiveUpdatesProvider>
        <ConnectionIndicator />
        <LiveAnnouncer />
        {/* Its own boundary and fallback, so a page loading or failing does not take the banner and
            announcer with it; keyed by the address, so the next page starts afresh. */}
        <RouteBoundary key={location}>
          <Suspense fallback={<Skeleton label="Loading" rows={4} />}>
            <Switch>
              <Route path="/orders">
                <MyOrdersPage loadPage={listMyOrders} />
              </Route>
              <Route path="/orders/new">
                <PlaceOrderPage />
              </Route>
              <Route path="/orders/:id">{({ id }) => <OrderPage key={id} orderId={id} />}</Route>
              <Route path="/profile">
                <ProfilePage />
              </Route>
              <Route path="/admin/orders">
                <AdminGate>
                  <AdminOrdersPage />
                </AdminGate>
              </Route>
              <Route path="/admin/dashboard">
                <AdminGate>
                  <DashboardPage />
                </AdminGate>
              </Route>
              <Route path="/admin/reports">
                <AdminGate>
                  <ReportsPage />
                </AdminGate>
              </Route>
              <Route path="/admin/catalogue" nest>
                <AdminGate>
                  <CataloguePages />
                </AdminGate>
              </Route>
              {/* The report email's "Open the report" link. */}
              <Route path="/reports/:id">
                {({ id }) => (
                  <AdminGate>
                    <ReportPage reportId={id} />
                  </AdminGate>
                )}
              </Route>
              <Route>
                <PageHeading>Page not found</PageHeading>
                <EmptyState title="There is nothing at this address: it may have moved, or the link may be mistyped.">
                  <p>
                    <Link href="/orders" className="button button-primary">
                      Back to your orders
                    </Link>
                  </p>
                </EmptyState>
              </Route>
            </Switch>
          </Suspense>
        </RouteBoundary>
      </LiveUpdatesProvider>
    </QueryClientProvider>
  );
}

/** Seconds until `at` (epoch ms), ticking once a second while there is a time to count down to. */
function useSecondsUntil(at: number | null): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (at === null) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, [at]);
  return at === null ? null : Math.max(0, Math.ceil((at - now) / 1_000));
}

/** Says whether live updates arrive, and when they do not, why, what happens next, and a way to retry now. */
function ConnectionIndicator() {
  const { connection, nextTryAt, retryNow } = useLiveUpdates();
  const seconds = useSecondsUntil(connection === 'reconnecting' ? nextTryAt : null);
  if (connection === 'live' || connection === 'connecting') {
    return (
      <p className={`connection connection-${connection}`} role="status">
        {connection === 'live' ? 'Live' : 'Connecting…'}
      </p>
    );
  }
  // Offline, nothing can be retried: the whole app waits for the network, so it says just that.
  if (connection === 'offline')
    return (
      <div className="banner banner-warning" role="status">
        <p>{OFFLINE_MESSAGE}</p>
      </div>
    );
  const next =
    seconds === null
      ? 'Reconnecting…'
      : seconds === 0
        ? 'Reconnecting now…'
        : `Reconnecting in ${seconds} s.`;
  return (
    <div className="banner banner-warning" role="status">
      <p>
        Live updates are disconnected. {next} What you see may be out of date; it refreshes when the
        connection is back.
      </p>
      <button type="button" onClick={retryNow}>
        Retry now
      </button>
    </div>
  );
}

/** The visible, announced cue for every live change (order pages add their own highlight). */
function LiveAnnouncer() {
  const { lastChange } = useLiveUpdates();
  return (
    <div className="live-toast" aria-live="polite" aria-atomic="true">
      {lastChange && <p key={lastChange.sequence}>{lastChange.message}</p>}
    </div>
  );
}
