import { useQueryClient } from '@tanstack/react-query';
import { CONNECTION_STATE_CHANGE, ConnectionState } from 'aws-amplify/api';
import { fetchAuthSession } from 'aws-amplify/auth';
import { Hub } from 'aws-amplify/utils';
import { createContext, type ReactNode, useContext, useEffect, useRef, useState } from 'react';
import type { CatalogueEventMessage } from '../../core/catalogue-events.ts';
import type { OrderEventMessage } from '../../core/order-events.ts';
import { statusLabel } from '../../core/order-lifecycle.ts';
import { dataClient } from '../api/orders.ts';
import { useSignedInSession } from '../auth/session.tsx';
import { orderRef } from '../ui/format.ts';
import { applyCatalogueEvent } from './apply-catalogue-event.ts';
import { applyOrderEvent } from './apply-event.ts';
import { createRestarter } from './restart.ts';

/**
 * What the connection indicator says: `live` (events arrive), `reconnecting` (the client or the
 * provider is trying again; `nextTryAt` when the provider scheduled it), `offline` (the browser has
 * no network), or `connecting` (the first start).
 */
export type Connection = 'connecting' | 'live' | 'reconnecting' | 'offline';

export interface LiveChange {
  /** Increases with every applied event, so a view can tell a new change from a re-render. */
  sequence: number;
  orderId: string;
  status: string;
  message: string;
}

interface LiveState {
  connection: Connection;
  /** When the provider restarts the subscription next (epoch ms), while it waits to. */
  nextTryAt: number | null;
  /** Restart the subscription now, skipping the wait. */
  retryNow: () => void;
  lastChange: LiveChange | null;
}

const LiveContext = createContext<LiveState>({
  connection: 'connecting',
  nextTryAt: null,
  retryNow: () => undefined,
  lastChange: null,
});

/** The client's own connection states, as the indicator tells them (null: no news for it). */
function fromClientState(state: ConnectionState): Connection | null {
  switch (state) {
    case ConnectionState.Connected:
    case ConnectionState.ConnectedPendingKeepAlive:
      return 'live';
    case ConnectionState.ConnectionDisrupted:
      return 'reconnecting';
    case ConnectionState.ConnectionDisruptedPendingNetwork:
    case ConnectionState.ConnectedPendingNetwork:
      return 'offline';
    case ConnectionState.Connecting:
      return 'connecting';
    default:
      return null;
  }
}

const browserOffline = () => typeof navigator !== 'undefined' && navigator.onLine === false;

/**
 * One onOrderEvent subscription for the signed-in user (AppSync filters it per caller: a customer
 * receives their own orders' events, an admin everyone's). Each event is reconciled into the cached
 * views by version. A subscription that fails for good, or a connection the client has not
 * brought back by the time the next try is due, is restarted here with a fresh token, with capped
 * exponential backoff and jitter (restart.ts), at once when the network or the tab comes back,
 * or when the user asks. After any disruption,
 * once live again, every view is re-read, because events sent meanwhile are not replayed.
 */
export function LiveUpdatesProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [connection, setConnection] = useState<Connection>('connecting');
  const [nextTryAt, setNextTryAt] = useState<number | null>(null);
  const [lastChange, setLastChange] = useState<LiveChange | null>(null);
  const [retryNow, setRetryNow] = useState<() => void>(() => () => undefined);
  const sequence = useRef(0);
  const wasDisrupted = useRef(false);
  // The highest catalogue event revision applied per product, for the whole session.
  const catalogueRevisions = useRef(new Map<string, number>());
  // AppSync filters a subscription by the claims of the token that started it (ADMINS: every order),
  // and the cache holds what those claims could read. When they change (TOTP turned on or off on
  // the profile), both are redone with the new token: a former admin must stop receiving others' orders.
  const { sub, isAdmin } = useSignedInSession();
  const rights = `${sub}:${isAdmin}`;
  const readWith = useRef(rights);

  useEffect(() => {
    if (readWith.current !== rights) {
      readWith.current = rights;
      queryClient.resetQueries();
    }
    let subscription: { unsubscribe(): void } | null = null;
    let stopped = false;

    const apply = (event: OrderEventMessage) => {
      if (!applyOrderEvent(queryClient, event, sub)) return;
      sequence.current += 1;
      setLastChange({
        sequence: sequence.current,
        orderId: event.orderId,
        status: event.toStatus,
        message: `Order ${orderRef(event.orderId)} is now ${statusLabel(event.toStatus)}.`,
      });
    };

    const failedForGood = () => {
      subscription?.unsubscribe();
      subscription = null;
      if (stopped) return;
      wasDisrupted.current = true;
      setNextTryAt(restarter.failed());
      setConnection(browserOffline() ? 'offline' : 'reconnecting');
    };

    // Two subscriptions on the client's one connection: the caller's orders, and every product's
    // public availability (onCatalogueEvent); either failing restarts both, on the same schedule.
    const open = () => {
      let failed = false;
      const failedOnce = () => {
        if (failed) return;
        failed = true;
        failedForGood();
      };
      const orders = dataClient.subscriptions.onOrderEvent().subscribe({
        next: (message) => {
          if (message) apply(message as OrderEventMessage);
        },
        error: failedOnce,
      });
      const catalogue = dataClient.subscriptions.onCatalogueEvent().subscribe({
        next: (message) => {
          if (message)
            applyCatalogueEvent(queryClient, message as CatalogueEventMessage, catalogueRevisions.current);
        },
        error: failedOnce,
      });
      subscription = {
        unsubscribe: () => {
          orders.unsubscribe();
          catalogue.unsubscribe();
        },
      };
    };

    const restart = async () => {
      subscription?.unsubscribe();
      setNextTryAt(null);
      setConnection(browserOffline() ? 'offline' : 'reconnecting');
      try {
        // A fresh token: the one the failed subscription used may have expired while the tab slept.
        await fetchAuthSession({ forceRefresh: true });
      } catch {
        failedForGood();
        return;
      }
      if (!stopped) open();
    };

    const restarter = createRestarter({ start: () => void restart() });
    setRetryNow(() => () => restarter.retryNow());

    const stopListening = Hub.listen('api', ({ payload }) => {
      if (payload.event !== CONNECTION_STATE_CHANGE) return;
      const next = fromClientState((payload.data as { connectionState: ConnectionState }).connectionState);
      if (!next) return;
      if (next === 'live') {
        restarter.recovered();
        setNextTryAt(null);
        if (wasDisrupted.current) {
          wasDisrupted.current = false;
          queryClient.invalidateQueries();
        }
        setConnection('live');
        return;
      }
      if (next === 'reconnecting' || next === 'offline') wasDisrupted.current = true;
      // The client's own retries slow to one a minute: restart it on our schedule unless live first.
      if (next === 'reconnecting' && !restarter.pending()) setNextTryAt(restarter.failed());
      if (restarter.pending() && next !== 'offline') return setConnection('reconnecting');
      setConnection(next === 'connecting' && wasDisrupted.current ? 'reconnecting' : next);
    });
    // The network or the tab is back: do not make the user wait out the backoff.
    const soonerIfWaiting = () => {
      if (restarter.pending() && !browserOffline() && document.visibilityState === 'visible')
        restarter.retryNow();
    };
    window.addEventListener('online', soonerIfWaiting);
    document.addEventListener('visibilitychange', soonerIfWaiting);

    // The first start uses the session's current token, as any other read does.
    open();
    return () => {
      stopped = true;
      restarter.dispose();
      subscription?.unsubscribe();
      stopListening();
      window.removeEventListener('online', soonerIfWaiting);
      document.removeEventListener('visibilitychange', soonerIfWaiting);
    };
  }, [queryClient, rights, sub]);

  return (
    <LiveContext.Provider value={{ connection, nextTryAt, retryNow, lastChange }}>
      {children}
    </LiveContext.Provider>
  );
}

export function useLiveUpdates(): LiveState {
  return useContext(LiveContext);
}
