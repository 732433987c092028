import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { DEMO_CUSTOMERS } from '../local-cloud/demo-accounts.ts';
import { APP_PAGES, openSettled } from '../tests/support/app-pages.ts';
import { signIn, signInAsAdmin, startBrowserCloud } from '../tests/support/local-cloud-browser.ts';

/**
 * `npm run screenshots`: the key pages at desktop (1280 px) and phone (390 px) width, as the user who
 * sees each, on the local cloud with its demo data, written to docs/screenshots/ and committed, so
 * that a reviewer sees the product without running it. The same pages the accessibility test
 * audits (tests/support/app-pages.ts).
 */
const OUT = join(import.meta.dirname, '..', 'docs', 'screenshots');
const WIDTHS = [
  ['desktop', { width: 1280, height: 900 }],
  ['phone', { width: 390, height: 844 }],
] as const;

mkdirSync(OUT, { recursive: true });
const env = await startBrowserCloud();
const shots: string[] = [];
try {
  const signedIn: Record<keyof typeof APP_PAGES, (page: Page) => Promise<void>> = {
    visitor: async () => {},
    customer: async (page) => {
      await signIn(page, DEMO_CUSTOMERS[0] as (typeof DEMO_CUSTOMERS)[number]);
      await page.getByRole('heading', { name: 'My orders' }).waitFor();
    },
    admin: signInAsAdmin,
  };
  for (const role of Object.keys(APP_PAGES) as (keyof typeof APP_PAGES)[]) {
    const page = await (await env.newContext()).newPage();
    await signedIn[role](page);
    for (const target of APP_PAGES[role]) {
      for (const [width, viewport] of WIDTHS) {
        await page.setViewportSize(viewport);
        await openSettled(page, target);
        const file = `${target.name}-${width}.png`;
        await page.screenshot({ path: join(OUT, file) });
        shots.push(file);
        console.log(`[screenshots] ${file}`);
      }
    }
    await page.context().close();
  }
} finally {
  await env.stop();
}

writeFileSync(
  join(OUT, 'README.md'),
  [
    '# Screenshots',
    '',
    'Written by `npm run screenshots` (scripts/screenshots.ts) from the local cloud and its demo data, light',
    'theme, at 1280 and 390 px wide. Regenerate them after a change to the pages.',
    '',
    ...shots.map((file) => `![${file.replace('.png', '')}](${file})`),
    '',
  ].join('\n'),
);
console.log(`[screenshots] ${shots.length} pages written to ${OUT}`);
