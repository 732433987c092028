import { randomBytes } from 'node:crypto';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { securityHeaders } from './amplify/hosting/security-headers.ts';

// The same security headers as Amplify Hosting serves (one source: amplify/hosting), on the dev and
// preview servers too, so a CSP violation shows up on a laptop before it shows up in production.
// The nonce exists only for the dev server's own injected scripts and styles; a build has none.
const devNonce = randomBytes(16).toString('base64');

export default defineConfig(({ command }) => ({
  plugins: [react()],
  html: command === 'serve' ? { cspNonce: devNonce } : {},
  server: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: true,
    headers: securityHeaders([], { nonce: devNonce }),
  },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true, headers: securityHeaders([]) },
  build: { outDir: 'dist', sourcemap: true },
}));
