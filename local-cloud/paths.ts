import { fileURLToPath } from 'node:url';

/** Everything the local cloud keeps between runs lives under one git-ignored folder. */
export const LOCAL_STATE_DIR = fileURLToPath(new URL('../.local-cloud/', import.meta.url));
export const LOCAL_DATABASE_DIR = fileURLToPath(new URL('../.local-cloud/pgdata/', import.meta.url));
