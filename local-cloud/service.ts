import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * One emulated AWS service. The local cloud mounts each at a path prefix on one origin
 * (https://127.0.0.1:<port>/<prefix>/...) and strips the prefix before calling it, so a service
 * sees paths as the real one would. Services hold no transport: the same service answers the
 * browser over TLS and the handlers' AWS SDK clients over loopback HTTP.
 */
export interface LocalService {
  /** Answers one HTTP request; the path is relative to the mount point. */
  handle(request: IncomingMessage, response: ServerResponse): void | Promise<void>;
  /** Accepts a WebSocket upgrade (AppSync realtime), when the service has one. */
  upgrade?(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  close?(): Promise<void>;
}

const bodies = new WeakMap<IncomingMessage, Buffer>();
const originalUrls = new WeakMap<IncomingMessage, string>();

/** The request's path and query as the client sent them, before the host stripped the mount prefix. */
export function originalUrlOf(request: IncomingMessage): string {
  return originalUrls.get(request) ?? request.url ?? '/';
}

export function rememberOriginalUrl(request: IncomingMessage, url: string): void {
  originalUrls.set(request, url);
}

/** The body, read once: a signature check reads it before the service does. */
export async function readBody(request: IncomingMessage, limitBytes = 1_048_576): Promise<Buffer> {
  const read = bodies.get(request);
  if (read) return read;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limitBytes) throw new PayloadTooLargeError(limitBytes);
    chunks.push(chunk as Buffer);
  }
  const body = Buffer.concat(chunks);
  bodies.set(request, body);
  return body;
}

/** A request body as JSON, or undefined when it is not JSON (the caller's schema then refuses it). */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export class PayloadTooLargeError extends Error {
  override readonly name = 'PayloadTooLargeError';
  constructor(readonly limitBytes: number) {
    super(`Request body exceeds ${limitBytes} bytes`);
  }
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const payload = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(payload),
    ...headers,
  });
  response.end(payload);
}
