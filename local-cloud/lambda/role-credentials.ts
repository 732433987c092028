import { AsyncLocalStorage } from 'node:async_hooks';
import type { Credentials } from '../aws/sigv4-presigned.ts';

/**
 * Gives each function its own role's keys while every function runs in this one process. In AWS,
 * Lambda puts a role's keys in the function's environment (AWS_ACCESS_KEY_ID, ...), where the AWS
 * SDK's default provider reads them; the product code names no credentials. Here `process.env` is
 * wrapped once so that those variables answer, inside an invocation, with the invoked function's
 * keys (tracked through async calls by AsyncLocalStorage), and outside any invocation, with the
 * process's own. A near expiry (as Lambda's session keys have) makes the SDK read them again on
 * each call instead of caching one function's keys in a client another function shares.
 * Limitation: two functions calling through one shared client within the same few microtasks can
 * coalesce into one read (the SDK shares an in-flight credential lookup); see local-cloud/SECURITY.md.
 */
const invocation = new AsyncLocalStorage<Credentials>();
const CREDENTIAL_LIFETIME_MS = 60_000;

const ROLE_VARIABLES: Record<string, (credentials: Credentials) => string | undefined> = {
  AWS_ACCESS_KEY_ID: (credentials) => credentials.accessKeyId,
  AWS_SECRET_ACCESS_KEY: (credentials) => credentials.secretAccessKey,
  AWS_SESSION_TOKEN: () => undefined,
  AWS_CREDENTIAL_EXPIRATION: () => new Date(Date.now() + CREDENTIAL_LIFETIME_MS).toISOString(),
  AWS_PROFILE: () => undefined,
};

let installed = false;

function installRoleEnvironment(): void {
  if (installed) return;
  installed = true;
  const environment = process.env;
  process.env = new Proxy(environment, {
    get(target, name) {
      const credentials = invocation.getStore();
      if (credentials && typeof name === 'string' && name in ROLE_VARIABLES) {
        return ROLE_VARIABLES[name]?.(credentials);
      }
      return Reflect.get(target, name);
    },
    // Straight to the real environment, which keeps its own rules (values become strings).
    set(target, name, value) {
      return Reflect.set(target, name, value);
    },
  });
}

/** Runs `work` (one invocation) with `credentials` as its environment's AWS keys. */
export function runWithRole<T>(credentials: Credentials, work: () => T): T {
  installRoleEnvironment();
  return invocation.run(credentials, work);
}
