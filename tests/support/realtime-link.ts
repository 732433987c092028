import type { Page, WebSocketRoute } from 'playwright-core';

/**
 * The page's AppSync realtime socket, passed through Playwright to the real local server, with the
 * two faults a network gives it: a cut (the socket drops, and reconnects are refused until restored,
 * so what is published meanwhile never reaches the page) and a delay (events from the server wait
 * in transit until released). Install it before the page signs in: it applies to sockets opened later.
 */
export interface RealtimeLink {
  cut(): Promise<void>;
  /** Resolves when the page next tries to reconnect while the link is cut (and is refused). */
  nextRefusedAttempt(): Promise<void>;
  restore(): void;
  holdEvents(): void;
  releaseEvents(): void;
  /**
   * The server's answer to the page's next subscription start will be this error, as AppSync sends
   * it when the token has expired: a failure the client reports as final. Resolves when sent.
   */
  refuseNextSubscription(error: { errorType: string; message: string }): Promise<void>;
}

const REALTIME_PATH = /\/graphql\/realtime$/;

export async function routeRealtime(page: Page): Promise<RealtimeLink> {
  let cut = false;
  let held: (() => void)[] | null = null;
  let refusalWaiters: (() => void)[] = [];
  let refuseStart: { error: { errorType: string; message: string }; sent: () => void } | null = null;
  // Each page-side socket with its server-side twin, to drop both on a cut.
  const open = new Map<WebSocketRoute, WebSocketRoute>();

  await page.routeWebSocket(REALTIME_PATH, (route) => {
    if (cut) {
      void route.close({ code: 1001, reason: 'network down' });
      for (const notify of refusalWaiters) notify();
      refusalWaiters = [];
      return;
    }
    const server = route.connectToServer();
    route.onMessage((message) => {
      const start =
        typeof message === 'string' ? (JSON.parse(message) as { type?: string; id?: string }) : {};
      if (refuseStart && start.type === 'start') {
        const { error, sent } = refuseStart;
        refuseStart = null;
        route.send(JSON.stringify({ type: 'error', id: start.id, payload: { errors: [error] } }));
        sent();
        return;
      }
      server.send(message);
    });
    server.onMessage((message) => {
      const forward = () => route.send(message);
      const isEvent = typeof message === 'string' && JSON.parse(message).type === 'data';
      if (held && isEvent) held.push(forward);
      else forward();
    });
    open.set(route, server);
    route.onClose(() => {
      open.delete(route);
      void server.close();
    });
  });

  return {
    async cut() {
      cut = true;
      const sockets = [...open].flat();
      open.clear();
      await Promise.all(sockets.map((socket) => socket.close({ code: 1001, reason: 'network down' })));
    },
    nextRefusedAttempt() {
      return new Promise((resolve) => refusalWaiters.push(resolve));
    },
    restore() {
      cut = false;
    },
    holdEvents() {
      held = [];
    },
    refuseNextSubscription(error) {
      return new Promise((resolve) => {
        refuseStart = { error, sent: resolve };
      });
    },
    releaseEvents() {
      const waiting = held ?? [];
      held = null;
      for (const forward of waiting) forward();
    },
  };
}
