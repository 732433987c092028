import type { LoadResult } from './closed-loop.ts';

/**
 * What `npm run bench` (bench/local-cloud.ts) and its client process (bench/local-cloud-clients.ts)
 * say to each other over IPC. The clients live in a process of their own so that parsing a thousand
 * sockets' messages and generating load does not run on the local cloud's event loop, as in real
 * life, where browsers are other machines.
 */
export interface BenchOwner {
  sub: string;
  accessToken: string;
}

export type ClientCommand =
  | {
      kind: 'setup';
      /** The TLS origin browsers use: wss realtime and the HTTP API. */
      origin: string;
      /** The loopback listener the handlers' SDK uses: PutEvents for the baseline. */
      internalUrl: string;
      /** The outbox relay role's keys: the baseline's PutEvents is signed as the relay's would be. */
      publisherCredentials: { accessKeyId: string; secretAccessKey: string };
      caCert: string;
      owners: BenchOwner[];
      productId: string;
      busName: string;
    }
  /** Opens connections until `total` are subscribed, connection i as owner i mod owners. */
  | { kind: 'subscribe'; total: number }
  /**
   * Causes `commands` order events, one at a time, and times each delivery to every subscriber of
   * its owner: `api` places an order through the HTTP API, `bus` puts the event on the bus directly.
   */
  | { kind: 'realtime'; commands: number; via: 'api' | 'bus' }
  /** Places `orders` orders through the HTTP API, `concurrency` at a time. */
  | { kind: 'throughput'; orders: number; concurrency: number }
  /** Reads a customer's orders `requests` times, one at a time, as `setup.owners[owner]`. */
  | { kind: 'history'; owner: number; requests: number; read: HistoryRead };

/**
 * One read of "My orders": a page from the HTTP API's `GET /orders` (the query string as the SPA
 * sends it), or the SQL-model list through AppSync that it replaces, as the SPA read it: pages of
 * `pageSize` by primary key until `maxRows` or the end (then sorted in the browser).
 */
export type HistoryRead =
  | { via: 'http-api'; query: string }
  | { via: 'sql-model'; pageSize: number; maxRows: number };

export interface RealtimeResult {
  /** Milliseconds from sending the command to the event's arrival, one per delivery. */
  latencies: number[];
  missing: number;
  /** Events a subscriber received for another owner: must stay 0. */
  crossOwner: number;
}

export type ClientReply =
  | { kind: 'ready' }
  | { kind: 'subscribed'; total: number }
  | { kind: 'realtime'; result: RealtimeResult }
  /** `cpuMs`: the CPU time the clients' process spent on the run. */
  | { kind: 'throughput'; result: LoadResult & { cpuMs: number } }
  /** `rows`: orders the last read returned; `requests`: HTTP requests it took. */
  | { kind: 'history'; result: LoadResult & { rows: number; requests: number } }
  | { kind: 'failed'; message: string };
