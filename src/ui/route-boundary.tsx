import { Component, type ComponentType, type ErrorInfo, lazy, type ReactNode, useEffect } from 'react';
import { Link } from 'wouter';

/** A page's code could not be fetched: the network is down, or a deploy replaced its chunk. */
export class PageLoadError extends Error {
  constructor(cause: unknown) {
    super('The page could not be loaded', { cause });
    this.name = 'PageLoadError';
  }
}

// Waits between tries of a failed page load: a dropped connection or a busy CDN often passes on
// the next try; a chunk that a deploy removed does not, and then the boundary offers a reload.
const RETRY_DELAYS_MS = [300, 1_000];

async function importWithRetry<T>(load: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await load();
    } catch (error) {
      const delay = RETRY_DELAYS_MS[attempt];
      if (!navigator.onLine || delay === undefined) throw new PageLoadError(error);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/** React.lazy for a page, whose code load is retried and whose failure the route boundary explains. */
export function lazyPage<Props>(load: () => Promise<{ default: ComponentType<Props> }>) {
  return lazy(() => importWithRetry(load));
}

interface BoundaryState {
  error: unknown;
}

/**
 * Catches what a route throws while loading or rendering, so one failed page never blanks the app:
 * the header, the navigation and the live-update banner stay, and the page says what happened.
 * Keyed by the location where it is used, so moving to another page starts afresh.
 */
export class RouteBoundary extends Component<{ children: ReactNode }, BoundaryState> {
  override state: BoundaryState = { error: null };

  static getDerivedStateFromError(error: unknown): BoundaryState {
    return { error };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo) {
    // For the developer's console; the page shows a plain message instead.
    console.warn('A page failed', error, info.componentStack);
  }

  override render() {
    const { error } = this.state;
    if (error === null) return this.props.children;
    if (error instanceof PageLoadError) return <PageLoadFailed />;
    return (
      <div className="notice notice-error" role="alert">
        <p>
          <strong>This page hit a problem.</strong> Try again, or go back to your orders.
        </p>
        <p className="notice-actions">
          <button type="button" onClick={() => this.setState({ error: null })}>
            Try again
          </button>
          <Link href="/orders">Back to your orders</Link>
        </p>
      </div>
    );
  }
}

/**
 * Offline, the page loads as soon as the network is back (a fresh load: a failed module import is
 * not retried by the browser). Online, the page's code is gone: a new version was deployed.
 */
function PageLoadFailed() {
  const offline = !navigator.onLine;
  useEffect(() => {
    if (!offline) return;
    const reload = () => window.location.reload();
    window.addEventListener('online', reload);
    return () => window.removeEventListener('online', reload);
  }, [offline]);
  return (
    <div className="notice notice-warning" role="alert">
      {offline ? (
        <p>
          <strong>You are offline.</strong> This page opens when you reconnect.
        </p>
      ) : (
        <>
          <p>
            <strong>A new version of Secure Orders is available.</strong> Reload to open this page with it.
          </p>
          <p className="notice-actions">
            <button type="button" className="button-primary" onClick={() => window.location.reload()}>
              Reload
            </button>
          </p>
        </>
      )}
    </div>
  );
}
