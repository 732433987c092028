import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CUSTOMERS } from '../../local-cloud/demo-accounts.ts';
import { APP_PAGES, type AppPage, openSettled } from '../support/app-pages.ts';
import { browserPath } from '../support/browser.ts';
import {
  type BrowserCloud,
  collectPageErrors,
  SCREENSHOTS,
  signIn,
  signInAsAdmin,
  startBrowserCloud,
} from '../support/local-cloud-browser.ts';

// Every page, as the user who can see it, audited by axe-core in both themes at phone and desktop
// widths, under the production CSP; each is saved as a screenshot artifact.

const WIDTHS = { phone: 360, desktop: 1280 } as const;
const THEMES = ['light', 'dark'] as const;

describe.skipIf(!browserPath)('every page in both themes, at phone and desktop widths', () => {
  let env: BrowserCloud;
  const pages: Record<'visitor' | 'customer' | 'admin', Page | undefined> = {
    visitor: undefined,
    customer: undefined,
    admin: undefined,
  };
  const pageErrors: string[][] = [];

  beforeAll(async () => {
    env = await startBrowserCloud();
    const open = async () => {
      const page = await (await env.newContext()).newPage();
      pageErrors.push(collectPageErrors(page));
      return page;
    };
    pages.visitor = await open();
    pages.customer = await open();
    await signIn(pages.customer, DEMO_CUSTOMERS[0] as (typeof DEMO_CUSTOMERS)[number]);
    await pages.customer.getByRole('heading', { name: 'My orders' }).waitFor();
    pages.admin = await open();
    await signInAsAdmin(pages.admin);
  }, 240_000);
  afterAll(async () => {
    await env?.stop();
  });

  type Role = keyof typeof pages;
  const cases = (Object.keys(APP_PAGES) as Role[]).flatMap((role) =>
    APP_PAGES[role].map((target): [Role, string, AppPage] => [role, target.name, target]),
  );

  it.each(cases)(
    'given the %s, when the %s page opens in each theme and width, then axe-core finds no violations',
    async (role, _name, target) => {
      const page = pages[role] as Page;
      await openSettled(page, target);
      for (const theme of THEMES) {
        await page.emulateMedia({ colorScheme: theme });
        for (const [width, pixels] of Object.entries(WIDTHS)) {
          await page.setViewportSize({ width: pixels, height: width === 'phone' ? 740 : 900 });
          // Colours fade between themes (CSS transitions): audit the settled page, not a blend.
          await page.waitForFunction(() => document.getAnimations().length === 0);
          // Nothing on the page scrolls sideways, even on the narrowest phone (wide tables scroll inside their own region).
          await expect(
            page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
            `${target.name}, ${theme}, ${width}: sideways overflow in px`,
          ).resolves.toBeLessThanOrEqual(0);
          const results = await new AxeBuilder({ page }).analyze();
          expect(
            results.violations.map((violation) => `${violation.id}: ${violation.nodes[0]?.target}`),
            `${target.name}, ${theme}, ${width}`,
          ).toEqual([]);
          await page.screenshot({
            path: `${SCREENSHOTS}/${target.name}-${width}-${theme}.png`,
            fullPage: true,
          });
        }
      }
    },
  );

  it('given every page above, when they ran under the production CSP, then nothing was refused or thrown', () => {
    expect(pageErrors.flat()).toEqual([]);
  });
});
