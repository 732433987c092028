import { mkdirSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Browser } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserPath, launchBrowser } from '../support/browser.ts';

const ARTIFACTS = 'test-results/screenshots';

describe.skipIf(!browserPath)('the SPA shell in a real browser', () => {
  let server: ViteDevServer;
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    server = await createServer({
      configFile: 'vite.config.ts',
      logLevel: 'error',
      server: { port: 0, strictPort: false },
    });
    await server.listen();
    url = server.resolvedUrls?.local[0] as string;
    browser = await launchBrowser();
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('given the dev server, when the app opens, then it shows the lifecycle from the shared state machine', async () => {
    const page = await browser.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    const response = await page.goto(url);
    expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Secure Orders');
    const pendingRow = page.getByRole('row', { name: /PENDING/ });
    await expect(pendingRow.textContent()).resolves.toContain('CONFIRM, CANCEL');
    await page.screenshot({ path: `${ARTIFACTS}/shell-desktop.png`, fullPage: true });
    // The page ran under the production CSP: nothing it needed was refused.
    expect(consoleErrors).toEqual([]);
    await page.close();
  });

  it.each(['light', 'dark'] as const)(
    'given the %s theme, when axe-core audits the page, then it finds no violations',
    async (colorScheme) => {
      const context = await browser.newContext({ colorScheme, viewport: { width: 360, height: 740 } });
      const page = await context.newPage();
      await page.goto(url);
      await page.getByRole('heading', { level: 1 }).waitFor();
      const results = await new AxeBuilder({ page }).analyze();
      expect(results.violations.map((violation) => violation.id)).toEqual([]);
      await page.screenshot({ path: `${ARTIFACTS}/shell-phone-${colorScheme}.png`, fullPage: true });
      await context.close();
    },
  );
});
