import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CUSTOMERS } from '../../local-cloud/demo-accounts.ts';
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

interface PageUnderTest {
  name: string;
  path: string | ((page: Page) => Promise<string>);
  /** The page's h1 once its data has loaded. */
  heading: string | RegExp;
}

const PUBLIC_PAGES: PageUnderTest[] = [
  { name: 'landing', path: '/', heading: 'Order from the catalogue, watch every step live' },
  { name: 'sign-in', path: '/sign-in', heading: 'Sign in' },
];

const CUSTOMER_PAGES: PageUnderTest[] = [
  { name: 'my-orders', path: '/orders', heading: 'My orders' },
  { name: 'order', path: firstOrderPath, heading: /^Order #/ },
  { name: 'new-order', path: '/orders/new', heading: 'Place an order' },
  { name: 'profile', path: '/profile', heading: 'Profile' },
  { name: 'not-found', path: '/no-such-page', heading: 'Page not found' },
  { name: 'admin-refused', path: '/admin/orders', heading: 'Set up two-factor sign-in' },
];

const ADMIN_PAGES: PageUnderTest[] = [
  { name: 'admin-orders', path: '/admin/orders', heading: 'All orders' },
  { name: 'admin-dashboard', path: '/admin/dashboard', heading: 'Dashboard' },
  { name: 'admin-reports', path: '/admin/reports', heading: 'Reports' },
];

async function firstOrderPath(page: Page): Promise<string> {
  await page.goto('/orders');
  const link = page.getByRole('table').getByRole('link').first();
  return (await link.getAttribute('href')) as string;
}

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
  const casesFor = (role: Role, targets: PageUnderTest[]) =>
    targets.map((target): [Role, string, PageUnderTest] => [role, target.name, target]);
  const cases = [
    ...casesFor('visitor', PUBLIC_PAGES),
    ...casesFor('customer', CUSTOMER_PAGES),
    ...casesFor('admin', ADMIN_PAGES),
  ];

  it.each(cases)(
    'given the %s, when the %s page opens in each theme and width, then axe-core finds no violations',
    async (role, _name, target) => {
      const page = pages[role] as Page;
      const path = typeof target.path === 'string' ? target.path : await target.path(page);
      await page.goto(path);
      await page.getByRole('heading', { level: 1, name: target.heading }).waitFor();
      await page.locator('[aria-busy="true"]').waitFor({ state: 'detached' });
      for (const theme of THEMES) {
        await page.emulateMedia({ colorScheme: theme });
        for (const [width, pixels] of Object.entries(WIDTHS)) {
          await page.setViewportSize({ width: pixels, height: width === 'phone' ? 740 : 900 });
          // Colours fade between themes (CSS transitions): audit the settled page, not a blend.
          await page.waitForFunction(() => document.getAnimations().length === 0);
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
