import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { AppSyncCaller } from './identity.ts';

/**
 * AppSync's realtime endpoint protocol (the one aws-amplify 6 speaks): WebSocket subprotocol
 * `graphql-ws`, the connection's authorization in a second subprotocol `header-<base64url JSON>`
 * (or, from older clients, a `header` query parameter); then connection_init -> connection_ack,
 * `ka` keep-alives, start -> start_ack / error, data, stop -> complete.
 */

export interface GraphQLRequest {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

/** A refusal as AppSync words it on the socket. */
export interface ProtocolError {
  errorType: string;
  message: string;
  errorCode?: number;
}

export interface RealtimeBackend {
  /** The caller an `Authorization` value stands for; throws an error with `errorType` when refused. */
  authorize(authorization: unknown): Promise<AppSyncCaller>;
  /**
   * Starts a subscription that sends each matching event through `send` (a complete `data`
   * message); resolves to its stop function, or rejects with the errors to report.
   */
  subscribe(
    id: string,
    request: GraphQLRequest,
    caller: AppSyncCaller,
    send: (message: string) => void,
  ): Promise<() => void>;
}

export interface RealtimeOptions {
  /** How often to send `ka` (AppSync: every minute; the client gives up after 65 s without one). */
  keepAliveIntervalMs?: number;
}

const CONNECTION_TIMEOUT_MS = 300_000;
const PROTOCOL = 'graphql-ws';
const HEADER_PREFIX = 'header-';

export function createRealtimeEndpoint(backend: RealtimeBackend, options: RealtimeOptions = {}) {
  const keepAliveIntervalMs = options.keepAliveIntervalMs ?? 60_000;
  const server = new WebSocketServer({
    noServer: true,
    handleProtocols: (protocols) => (protocols.has(PROTOCOL) ? PROTOCOL : false),
  });

  server.on('connection', (socket: WebSocket, request: IncomingMessage) => {
    const connection = new RealtimeConnection(
      socket,
      backend,
      keepAliveIntervalMs,
      connectionHeader(request),
    );
    socket.on('message', (data) => void connection.receive(String(data)));
    socket.on('close', () => connection.close());
  });

  return {
    upgrade(request: IncomingMessage, socket: Duplex, head: Buffer) {
      const path = new URL(request.url ?? '/', 'http://local').pathname;
      if (path !== '/realtime') {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
        return;
      }
      server.handleUpgrade(request, socket, head, (websocket) =>
        server.emit('connection', websocket, request),
      );
    },
    async close() {
      for (const client of server.clients) client.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The connection's authorization headers: from the `header-` subprotocol, else the query string. */
function connectionHeader(request: IncomingMessage): Record<string, unknown> {
  const protocols = String(request.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((protocol) => protocol.trim());
  const encoded =
    protocols.find((protocol) => protocol.startsWith(HEADER_PREFIX))?.slice(HEADER_PREFIX.length) ??
    new URL(request.url ?? '/', 'http://local').searchParams.get('header');
  if (!encoded) return {};
  try {
    return JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    return {};
  }
}

const errorsOf = (error: unknown): ProtocolError[] => {
  const list = (error as { errors?: ProtocolError[] }).errors;
  if (Array.isArray(list)) return list;
  const { errorType = 'InternalFailure', message = String(error) } = error as Partial<ProtocolError>;
  return [{ errorType, message }];
};

class RealtimeConnection {
  private caller: Promise<AppSyncCaller>;
  private keepAlive: NodeJS.Timeout | undefined;
  private readonly subscriptions = new Map<string, Promise<(() => void) | undefined>>();

  constructor(
    private readonly socket: WebSocket,
    private readonly backend: RealtimeBackend,
    private readonly keepAliveIntervalMs: number,
    header: Record<string, unknown>,
  ) {
    this.caller = backend.authorize(header.Authorization ?? header.authorization);
    this.caller.catch(() => undefined); // reported on connection_init
  }

  private send(message: object) {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(message));
  }

  async receive(raw: string) {
    let message: { type?: string; id?: string; payload?: Record<string, unknown> };
    try {
      message = JSON.parse(raw);
    } catch {
      this.send({
        type: 'error',
        payload: { errors: [{ errorType: 'ParseError', message: 'Invalid JSON' }] },
      });
      return;
    }
    switch (message.type) {
      case 'connection_init':
        return this.init();
      case 'start':
        return this.start(message.id, message.payload);
      case 'stop':
        return this.stop(message.id);
      default:
        this.send({
          type: 'error',
          ...(message.id ? { id: message.id } : {}),
          payload: {
            errors: [{ errorType: 'UnsupportedOperation', message: `Unsupported operation ${message.type}` }],
          },
        });
    }
  }

  private async init() {
    try {
      await this.caller;
    } catch (error) {
      this.send({
        type: 'connection_error',
        payload: { errors: errorsOf(error).map((e) => ({ ...e, errorCode: 401 })) },
      });
      this.socket.close(1000);
      return;
    }
    this.send({ type: 'connection_ack', payload: { connectionTimeoutMs: CONNECTION_TIMEOUT_MS } });
    this.send({ type: 'ka' });
    this.keepAlive = setInterval(() => this.send({ type: 'ka' }), this.keepAliveIntervalMs);
  }

  private async start(id: string | undefined, payload: Record<string, unknown> | undefined) {
    if (!id || this.subscriptions.has(id)) {
      const problem = id ? `Subscription with id ${id} already exists` : 'A start message needs an id';
      this.send({
        type: 'error',
        id,
        payload: { errors: [{ errorType: 'DuplicatedOperationError', message: problem }] },
      });
      return;
    }
    const stopping = this.subscribe(id, payload);
    this.subscriptions.set(id, stopping);
    if (!(await stopping)) this.subscriptions.delete(id);
  }

  private async subscribe(id: string, payload: Record<string, unknown> | undefined) {
    try {
      await this.caller;
      const extensions = payload?.extensions as { authorization?: Record<string, unknown> } | undefined;
      const caller = await this.backend.authorize(extensions?.authorization?.Authorization);
      const request = JSON.parse(String(payload?.data)) as GraphQLRequest;
      const stop = await this.backend.subscribe(id, request, caller, (message) => {
        if (this.socket.readyState === this.socket.OPEN) this.socket.send(message);
      });
      this.send({ type: 'start_ack', id });
      return stop;
    } catch (error) {
      this.send({ type: 'error', id, payload: { errors: errorsOf(error) } });
      return undefined;
    }
  }

  private async stop(id: string | undefined) {
    const stopping = id ? this.subscriptions.get(id) : undefined;
    if (!id || !stopping) return;
    this.subscriptions.delete(id);
    (await stopping)?.();
    this.send({ type: 'complete', id });
  }

  close() {
    clearInterval(this.keepAlive);
    for (const stopping of this.subscriptions.values()) void stopping.then((stop) => stop?.());
    this.subscriptions.clear();
  }
}
