import { useSyncExternalStore } from 'react';

// What the app frame needs before anything else loads (the landing page carries it): the loading
// placeholder, the offline sentence and the window title. Error messages live in feedback.tsx.

export const OFFLINE_MESSAGE = 'You are offline; changes will show when you reconnect.';

function subscribeToConnectivity(onChange: () => void): () => void {
  window.addEventListener('online', onChange);
  window.addEventListener('offline', onChange);
  return () => {
    window.removeEventListener('online', onChange);
    window.removeEventListener('offline', onChange);
  };
}

/** Whether the browser has a network, following it as it comes and goes. */
export function useOnline(): boolean {
  return useSyncExternalStore(subscribeToConnectivity, () => navigator.onLine);
}

/**
 * Placeholder rows while data loads; announced once as busy, not row by row. Offline nothing loads
 * (reads wait for the network), so it says that instead of waiting forever; the data follows once
 * the network is back.
 */
export function Skeleton({ rows = 3, label }: { rows?: number; label: string }) {
  const online = useOnline();
  if (!online)
    return (
      <p className="notice notice-warning" role="status">
        {OFFLINE_MESSAGE}
      </p>
    );
  return (
    <div className="skeleton" role="status" aria-busy="true" aria-label={label}>
      {Array.from({ length: rows }, (_, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity but their place
        <div key={index} className="skeleton-row" />
      ))}
    </div>
  );
}

/** Names the window (tab, history, bookmarks) after the page. */
export function setDocumentTitle(page: string): void {
  document.title = page ? `${page} · Secure Orders` : 'Secure Orders';
}
