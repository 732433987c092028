import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalCloud, startLocalCloud } from '../../local-cloud/local-cloud.ts';
import { LOCAL_STATE_DIR } from '../../local-cloud/paths.ts';
import { probe } from './origin-probe.ts';

// The threat: a customer with only a browser's reach of the app's origin reading the local
// cloud's state (signing key, SRP verifiers, TOTP secrets, invoke token) and the project's files
// through the Vite dev server. The origin must serve what Amplify Hosting would, and nothing else.

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('the files a browser on the app origin can read', () => {
  let cloud: LocalCloud;
  // State where `npm start` used to keep it, inside the project tree: the origin must refuse it
  // even there (git-ignored folder; removed afterwards).
  const stateName = `hostile-${randomUUID()}`;
  const stateDir = join(PROJECT_ROOT, '.local-cloud', stateName);
  const outputsDir = mkdtempSync(join(tmpdir(), 'so-hostile-outputs-'));

  beforeAll(async () => {
    process.env.AMPLIFY_OUTPUTS_FILE = join(outputsDir, 'amplify_outputs.json');
    cloud = await startLocalCloud({
      stateDir,
      httpsPort: 0,
      httpPort: 0,
      databasePort: 0,
      spa: true,
      outputsFile: process.env.AMPLIFY_OUTPUTS_FILE,
      log: () => {},
    });
  }, 120_000);
  afterAll(async () => {
    await cloud?.stop();
    delete process.env.AMPLIFY_OUTPUTS_FILE;
    rmSync(stateDir, { recursive: true, force: true });
    rmSync(outputsDir, { recursive: true, force: true });
  });

  it('given the default settings, when npm start picks its state folder, then it is outside the project tree', () => {
    expect(LOCAL_STATE_DIR.startsWith(PROJECT_ROOT)).toBe(false);
  });

  it('given a started cloud, when its state folder is listed, then only its user may read it', () => {
    // Others may at most pass through (started as root, the postgres user must reach its data
    // folder inside), never list, read or write it.
    expect(statSync(stateDir).mode & 0o076).toBe(0);
  });

  it.each(['cognito.json', 'invoke-token', 'mail.jsonl', 'tls/server.key', 'tls/ca.key'])(
    'given state in the project tree, when a page asks for %s, then the origin refuses',
    async (file) => {
      const response = await probe(cloud.origin, `/.local-cloud/${stateName}/${file}`);
      expect(response.status).toBe(404);
    },
  );

  it.each([
    '/package.json',
    '/package-lock.json',
    '/.gitignore',
    '/.git/HEAD',
    '/.git',
    '/.env',
    '/.env.local',
    '/vite.config.ts',
    '/functions/lib/database.ts',
    '/functions/orders-api/handler.ts',
    '/local-cloud/local-cloud.ts',
    '/local-cloud/cognito/signing-key.ts?raw',
    '/amplify/backend.ts',
    '/amplify/config/deployment.example.json',
    '/amplify/data/resource.ts.map',
    '/src/../functions/lib/database.ts',
    '/src/%2e%2e/functions/lib/database.ts',
    '/src/..%2ffunctions/lib/database.ts',
    '/src/live/reconcile.test.ts',
    `/@fs${PROJECT_ROOT}package.json`,
    `/@fs${PROJECT_ROOT}local-cloud/local-cloud.ts`,
    '/@id/../package.json',
  ])('when a page asks for %s, then the origin refuses', async (path) => {
    const response = await probe(cloud.origin, path);
    expect(response.status).toBe(404);
    expect(response.body).not.toMatch(/import |"dependencies"|PRIVATE KEY|ref: /);
  });

  it.each(['/functions/orders-api/handler', '/db/migrations', '/local-cloud/cognito/signing-key'])(
    'when a page asks for %s (no extension), then it gets the SPA page, not the module',
    async (path) => {
      const response = await probe(cloud.origin, path);
      expect(response.body).toContain('<div id="root">');
      expect(response.body).not.toMatch(/^import /m);
    },
  );

  it('given a page module that imports a module outside src/, when that module is asked for, then the origin serves it', async () => {
    expect((await probe(cloud.origin, '/src/ui/format.ts')).status).toBe(200);
    expect((await probe(cloud.origin, '/core/money-format.ts')).status).toBe(200);
  });

  it.each(['/', '/src/main.tsx', '/orders/abc'])(
    'when a page asks for %s (the SPA, its modules, a deep link), then the origin serves it',
    async (path) => {
      expect((await probe(cloud.origin, path)).status).toBe(200);
    },
  );
});
