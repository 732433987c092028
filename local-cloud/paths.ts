import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout this module belongs to. */
export const PROJECT_ROOT = fileURLToPath(new URL('../', import.meta.url));

/**
 * Everything the local cloud keeps between runs (signing key, users, database, mail, TLS key,
 * credentials) lives outside the project tree, so no web server rooted in the project can ever
 * serve it: in the user's state directory (XDG_STATE_HOME, else ~/.local/state), one folder per
 * checkout (named after the checkout's path), created readable by the user only.
 * LOCAL_CLOUD_STATE_DIR overrides it.
 */
export const LOCAL_STATE_DIR =
  process.env.LOCAL_CLOUD_STATE_DIR ??
  join(
    process.env.XDG_STATE_HOME ?? join(homedir(), '.local', 'state'),
    'secure-orders',
    createHash('sha256').update(PROJECT_ROOT).digest('hex').slice(0, 16),
  );
export const LOCAL_DATABASE_DIR = join(LOCAL_STATE_DIR, 'pgdata');

/** In the state folder (mode 0600): the operator's keys, for `npm run invoke` and developer scripts. */
export const OPERATOR_CREDENTIALS_FILE = 'operator-credentials.json';
