import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { Route, Switch } from 'wouter';
import { AdminGate } from './admin/AdminGate.tsx';
import { listMyOrders } from './api/commands.ts';
import { ApiProblem } from './api/problem.ts';
import { LiveUpdatesProvider, useLiveUpdates } from './live/live-updates.tsx';
import { MyOrdersPage } from './orders/MyOrdersPage.tsx';
import { OrderPage } from './orders/OrderPage.tsx';
import { EmptyState, PageHeading, Skeleton } from './ui/feedback.tsx';

// The order form brings zod (the shared request schemas); the other signed-in pages need none.
const PlaceOrderPage = lazy(() => import('./orders/PlaceOrderPage.tsx'));
const AdminOrdersPage = lazy(() => import('./admin/AdminOrdersPage.tsx'));
const DashboardPage = lazy(() => import('./admin/DashboardPage.tsx'));
const ReportsPage = lazy(() => import('./admin/ReportsPage.tsx'));
const ProfilePage = lazy(() => import('./profile/ProfilePage.tsx'));

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
  return (
    <QueryClientProvider client={queryClient}>
      <LiveUpdatesProvider>
        <ConnectionBanner />
        <LiveAnnouncer />
        {/* Its own fallback, so a lazy page loading does not take the banner and announcer with it. */}
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
            <Route>
              <PageHeading>Page not found</PageHeading>
              <EmptyState title="There is nothing at this address." />
            </Route>
          </Switch>
        </Suspense>
      </LiveUpdatesProvider>
    </QueryClientProvider>
  );
}

function ConnectionBanner() {
  const { connection } = useLiveUpdates();
  if (connection !== 'disrupted') return null;
  return (
    <div className="banner banner-warning" role="status">
      Live updates are disconnected. Reconnecting… What you see may be out of date; it refreshes when the
      connection is back.
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
