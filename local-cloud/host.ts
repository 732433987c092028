import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { type LocalService, rememberOriginalUrl } from './service.ts';
import type { LocalTls } from './tls.ts';

/**
 * Serves local services under path prefixes on one TLS origin (for browsers) and, optionally, on a
 * loopback HTTP listener (for the handlers' AWS SDK clients, which then need no CA trust) that
 * serves the same routes plus `internalRoutes`, which the origin never serves (the AWS APIs only
 * the functions and the developer call). Requests that match no prefix go to `fallback` (the SPA,
 * on the origin only) or get 404.
 */
export interface LocalHost {
  httpsUrl: string;
  httpUrl?: string;
  /** The TLS server, for listeners of its own (Vite's HMR WebSocket). */
  httpsServer: import('node:https').Server;
  close(): Promise<void>;
}

export interface LocalHostOptions {
  tls: LocalTls;
  /** Read on every request: services may be added after the host listens (their URLs need its port). */
  routes: Record<string, LocalService>;
  /** Served on the loopback listener only, in place of a same-prefix route. Read on every request. */
  internalRoutes?: Record<string, LocalService>;
  fallback?: (request: IncomingMessage, response: ServerResponse) => void;
  httpsPort?: number;
  /** Also serve the routes over loopback HTTP on this port (0 picks one). */
  httpPort?: number;
}

export async function startLocalHost(options: LocalHostOptions): Promise<LocalHost> {
  const route = (request: IncomingMessage, internal: boolean): LocalService | undefined => {
    const table = internal ? { ...options.routes, ...options.internalRoutes } : options.routes;
    // Longest prefix first, so a longer mount can never be shadowed by a shorter one.
    const prefixes = Object.keys(table).sort((a, b) => b.length - a.length);
    const path = request.url ?? '/';
    const prefix = prefixes.find(
      (candidate) =>
        path === candidate || path.startsWith(`${candidate}/`) || path.startsWith(`${candidate}?`),
    );
    if (!prefix) return undefined;
    rememberOriginalUrl(request, path);
    request.url = path.slice(prefix.length) || '/';
    return table[prefix];
  };

  const onRequest = (internal: boolean) => (request: IncomingMessage, response: ServerResponse) => {
    const service = route(request, internal);
    if (service) {
      Promise.resolve(service.handle(request, response)).catch((error: unknown) => {
        console.error('[local-cloud] unhandled error in a local service', error);
        if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ message: 'Internal error in the local cloud' }));
      });
    } else if (options.fallback && !internal) {
      options.fallback(request, response);
    } else {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
    }
  };
  // Upgrades no service claims are left to other listeners (Vite's HMR) when there are any.
  const onUpgrade =
    (server: import('node:net').Server, internal: boolean) =>
    (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      const service = route(request, internal);
      if (service?.upgrade) service.upgrade(request, socket, head);
      else if (server.listenerCount('upgrade') === 1) socket.destroy();
    };

  const https = createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, onRequest(false));
  https.on('upgrade', onUpgrade(https, false));
  await new Promise<void>((resolve) => https.listen(options.httpsPort ?? 0, '127.0.0.1', resolve));
  const servers: Array<import('node:net').Server> = [https];
  let httpUrl: string | undefined;
  if (options.httpPort !== undefined) {
    const http = createHttpServer(onRequest(true));
    http.on('upgrade', onUpgrade(http, true));
    await new Promise<void>((resolve) => http.listen(options.httpPort, '127.0.0.1', resolve));
    servers.push(http);
    httpUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  }
  return {
    httpsUrl: `https://127.0.0.1:${(https.address() as AddressInfo).port}`,
    httpUrl,
    httpsServer: https,
    async close() {
      await Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              server.close(() => resolve());
              (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
            }),
        ),
      );
    },
  };
}
