import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedDatabase {
  /** A `postgres://` URL that `pg` (and therefore every part of the app) connects to. */
  readonly url: string;
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  /** A folder to keep the data in; in memory when absent. */
  dataDir?: string;
  /** 0 picks a free port. */
  port?: number;
  /**
   * PGlite is one Postgres session that pglite-socket shares between client connections; the
   * server refuses connections beyond this number, so it must cover every pool that connects.
   */
  maxConnections?: number;
}

/**
 * PostgreSQL without a server: PGlite (Postgres compiled to WASM) behind a wire-protocol socket, so
 * the app's `pg` code runs unchanged. Note its limits (FIELD-NOTES): one session shared by all
 * connections, so locking, SKIP LOCKED and LISTEN/NOTIFY are proven on a real server instead.
 */
export async function startEmbeddedDatabase(
  options: EmbeddedDatabaseOptions = {},
): Promise<EmbeddedDatabase> {
  const db = await PGlite.create(options.dataDir ? { dataDir: options.dataDir } : {});
  const server = new PGLiteSocketServer({
    db,
    host: '127.0.0.1',
    port: options.port ?? 0,
    maxConnections: options.maxConnections ?? 32,
  });
  await server.start();
  return {
    // getServerConn() is `host:port` once started (the real port when 0 was asked for).
    url: `postgres://postgres@${server.getServerConn()}/postgres?sslmode=disable`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
