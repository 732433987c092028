import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// One runner, four layers. `npm test` runs them all; `npm run test:<layer>` runs one.
//  - unit:        pure code, beside the code it specifies (*.test.ts / *.test.tsx); no I/O but memory.
//  - integration: real PostgreSQL (embedded, plus TEST_DATABASE_URL when set), real handlers; and
//                 tests/hostile/: an attacker's probes of the running local cloud from the browser's reach.
//  - cloud:       the synthesized CloudFormation of amplify/ (offline), asserted as security invariants.
//  - e2e:         a real browser against the running app.
export default defineConfig({
  test: {
    reporters: ['default', './tests/support/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{core,db,functions,local-cloud,amplify,scripts,bench,tests/architecture}/**/*.test.ts'],
          exclude: ['**/*.integration.test.ts', '**/node_modules/**'],
          environment: 'node',
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'component',
          include: ['src/**/*.test.{ts,tsx}'],
          environment: 'happy-dom',
        },
      },
      {
        test: {
          name: 'integration',
          include: [
            '**/*.integration.test.ts',
            'tests/integration/**/*.test.ts',
            'tests/hostile/**/*.test.ts',
          ],
          exclude: ['**/node_modules/**'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          globalSetup: ['./tests/support/embedded-server.global.ts'],
        },
      },
      {
        test: {
          name: 'cloud',
          include: ['tests/cloud/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
