import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { securityHeaders } from './amplify/hosting/security-headers.ts';

// The same security headers as Amplify Hosting serves (one source: amplify/hosting), on the dev and
// preview servers too, so a CSP violation shows up on a laptop before it shows up in production.
// The nonce exists only for the dev server's own injected scripts and styles; a build has none.
const devNonce = randomBytes(16).toString('base64');

// The SPA imports its backend outputs as `amplify-outputs`: amplify_outputs.json at the root (what
// `npm start` and Amplify Hosting write), or the file AMPLIFY_OUTPUTS_FILE names, so a test can run
// its own local cloud on free ports without overwriting the developer's file.
const outputsFile = resolve(process.env.AMPLIFY_OUTPUTS_FILE ?? 'amplify_outputs.json');

// A fresh clone has no outputs file: say what makes one instead of Rolldown's "could not load". The
// build does not invent one: a bundle pointing at endpoints nobody runs would deploy broken.
const requireOutputsFile: Plugin = {
  name: 'secure-orders:require-amplify-outputs',
  apply: 'build',
  buildStart() {
    if (existsSync(outputsFile)) return;
    this.error(
      `${outputsFile} does not exist: the SPA is built against a backend's amplify outputs.\n` +
        '  - local cloud: run `npm start` once; it writes amplify_outputs.json\n' +
        '  - deployed backend: `npx ampx generate outputs --app-id <id> --branch <branch>` (Amplify Hosting does this)\n' +
        '  - another file: set AMPLIFY_OUTPUTS_FILE\n' +
        '`npm run bench:web` writes its own.',
    );
  },
};

// @aws-amplify/ui copies each language's Authenticator dictionary with an object spread, which the
// bundler must assume can run getters, so all twenty languages shipped (about 22 KB gzipped) though
// only English is used. The same copy as a pure call lets the unused ones drop out; nothing else in
// that module changes. If a new version writes it differently, the build says so.
const AMPLIFY_UI_DICTIONARIES =
  /@aws-amplify[\\/]ui[\\/]dist[\\/]esm[\\/]i18n[\\/]dictionaries[\\/]index\.mjs$/;
const DICTIONARY_COPY = /\{\s*\.\.\.(\w+\$1),?\s*\}/g;
const pureAmplifyUiDictionaries: Plugin = {
  name: 'secure-orders:pure-amplify-ui-dictionaries',
  apply: 'build',
  transform: {
    filter: { id: AMPLIFY_UI_DICTIONARIES },
    handler(code) {
      const pure = code.replace(DICTIONARY_COPY, '/* @__PURE__ */ Object.assign({}, $1)');
      if (pure === code) this.warn('no dictionary copies to mark pure: every language may ship again');
      return { code: pure, map: null };
    },
  },
};

export default defineConfig(({ command }) => ({
  plugins: [react(), requireOutputsFile, pureAmplifyUiDictionaries],
  resolve: { alias: { 'amplify-outputs': outputsFile } },
  // Pre-bundle what the lazily loaded pages import, found by scanning every source file up front: a
  // dependency first met on a lazy route would make the dev server re-optimize and reload the page.
  optimizeDeps: { entries: ['index.html', 'src/**/*.{ts,tsx}', '!src/**/*.test.{ts,tsx}'] },
  html: command === 'serve' ? { cspNonce: devNonce } : {},
  server: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: true,
    headers: securityHeaders([], { nonce: devNonce }),
  },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true, headers: securityHeaders([]) },
  build: {
    outDir: 'dist',
    sourcemap: true,
    rolldownOptions: {
      output: {
        codeSplitting: {
          // The QR code library (two-factor setup, on the profile and sign-in pages) in a chunk of its own:
          // left to itself, the bundler put the CommonJS interop helpers the first page needs into
          // the chunk that holds it, and the first page then loaded the QR code library too (9 KB).
          groups: [{ name: 'qrcode', test: /node_modules[\\/](qrcode|dijkstrajs|encode-utf8)[\\/]/ }],
        },
      },
    },
  },
}));
