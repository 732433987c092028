#!/usr/bin/env node
// Runs before `npm start` and `npm test`: installs dependencies when node_modules is missing or older
// than package-lock.json, so a fresh clone needs nothing but Node. Plain JS: it must run before
// TypeScript tooling exists. `npm install`, not `npm ci`: npm refuses `ci` on the lock file its own
// `install` writes when a dependency bundles packages, as @aws-amplify/data-construct does
// (npm/cli#9821), while `install` honours it.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const [major, minor] = process.versions.node.split('.').map(Number);
// package.json's engines: Vite 8 needs ^20.19 || >=22.12. 24 (the functions' Lambda runtime) is recommended.
if (major < 20 || (major === 20 && minor < 19) || (major === 22 && minor < 12) || major === 21) {
  console.error(
    `Secure Orders needs Node.js 20.19+ or 22.12+ (24 recommended, see .nvmrc); this is ${process.version}.`,
  );
  process.exit(1);
}

const stamp = 'node_modules/.secure-orders-deps';
const lock = existsSync('package-lock.json')
  ? readFileSync('package-lock.json')
  : readFileSync('package.json');
const wanted = createHash('sha256').update(lock).digest('hex');
const current = existsSync(stamp) ? readFileSync(stamp, 'utf8').trim() : '';

if (current !== wanted) {
  const fresh = !existsSync('node_modules');
  console.log(
    fresh
      ? '[deps] node_modules is missing: installing dependencies (npm install, about 2 minutes the first time)...'
      : '[deps] package-lock.json changed since the last install: updating dependencies (npm install)...',
  );
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['install', '--no-audit', '--no-fund'], { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('[deps] npm install failed; fix the error above and run the command again.');
    process.exit(result.status ?? 1);
  }
  writeFileSync(stamp, `${wanted}\n`);
  console.log('[deps] dependencies are up to date.');
}
