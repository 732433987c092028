import { useQueryClient } from '@tanstack/react-query';
import { CONNECTION_STATE_CHANGE, ConnectionState } from 'aws-amplify/api';
import { Hub } from 'aws-amplify/utils';
import { createContext, type ReactNode, useContext, useEffect, useRef, useState } from 'react';
import type { OrderEventMessage } from '../../core/order-events.ts';
import { dataClient } from '../api/orders.ts';
import { useSignedInSession } from '../auth/session.tsx';
import { orderRef } from '../ui/format.ts';
import { applyOrderEvent } from './apply-event.ts';

export type Connection = 'connecting' | 'connected' | 'disrupted';

export interface LiveChange {
  /** Increases with every applied event, so a view can tell a new change from a re-render. */
  sequence: number;
  orderId: string;
  status: string;
  message: string;
}

interface LiveState {
  connection: Connection;
  lastChange: LiveChange | null;
}

const LiveContext = createContext<LiveState>({ connection: 'connecting', lastChange: null });

const DISRUPTED: ReadonlySet<string> = new Set([
  ConnectionState.ConnectionDisrupted,
  ConnectionState.ConnectionDisruptedPendingNetwork,
  ConnectionState.ConnectedPendingNetwork,
]);

function toConnection(state: ConnectionState): Connection {
  if (state === ConnectionState.Connected || state === ConnectionState.ConnectedPendingKeepAlive)
    return 'connected';
  return DISRUPTED.has(state) ? 'disrupted' : 'connecting';
}

/**
 * One onOrderEvent subscription for the signed-in user (AppSync filters it per caller: a customer
 * receives their own orders' events, an admin everyone's). Each event is reconciled into the cached
 * views by version; after a dropped connection comes back, every view is re-read, because events
 * sent while it was down are not replayed.
 */
export function LiveUpdatesProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [connection, setConnection] = useState<Connection>('connecting');
  const [lastChange, setLastChange] = useState<LiveChange | null>(null);
  const sequence = useRef(0);
  const wasDisrupted = useRef(false);
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
    const stopListening = Hub.listen('api', ({ payload }) => {
      if (payload.event !== CONNECTION_STATE_CHANGE) return;
      const next = toConnection((payload.data as { connectionState: ConnectionState }).connectionState);
      if (next === 'disrupted') wasDisrupted.current = true;
      if (next === 'connected' && wasDisrupted.current) {
        wasDisrupted.current = false;
        queryClient.invalidateQueries();
      }
      setConnection(next);
    });

    const apply = (event: OrderEventMessage) => {
      if (!applyOrderEvent(queryClient, event, sub)) return;
      sequence.current += 1;
      setLastChange({
        sequence: sequence.current,
        orderId: event.orderId,
        status: event.toStatus,
        message: `Order ${orderRef(event.orderId)} is now ${event.toStatus}.`,
      });
    };

    const subscription = dataClient.subscriptions.onOrderEvent().subscribe({
      next: (message) => {
        if (message) apply(message as OrderEventMessage);
      },
      error: () => setConnection('disrupted'),
    });
    return () => {
      subscription.unsubscribe();
      stopListening();
    };
  }, [queryClient, rights, sub]);

  return <LiveContext.Provider value={{ connection, lastChange }}>{children}</LiveContext.Provider>;
}

export function useLiveUpdates(): LiveState {
  return useContext(LiveContext);
}
