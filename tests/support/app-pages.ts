import type { Page } from 'playwright-core';

/** A page of the app as a test or the screenshot script opens it. */
export interface AppPage {
  name: string;
  path: string | ((page: Page) => Promise<string>);
  /** The page's h1 once its data has loaded. */
  heading: string | RegExp;
}

/** The path of the first row's link in a listing (the first order, the first product...). */
function firstRowOf(listPath: string): (page: Page) => Promise<string> {
  return async (page) => {
    await page.goto(listPath);
    // A table on wide screens; order lists are cards on phones.
    const link = page.locator('main :is(table, .order-cards) a[href]').first();
    return (await link.getAttribute('href')) as string;
  };
}

/** Every page, by who can see it: the accessibility audit and `npm run screenshots` both walk them. */
export const APP_PAGES: Record<'visitor' | 'customer' | 'admin', AppPage[]> = {
  visitor: [
    { name: 'landing', path: '/', heading: 'Order from the catalogue, watch every step live' },
    { name: 'sign-in', path: '/sign-in', heading: 'Sign in' },
  ],
  customer: [
    { name: 'my-orders', path: '/orders', heading: 'My orders' },
    { name: 'order', path: firstRowOf('/orders'), heading: /^Order #/ },
    { name: 'new-order', path: '/orders/new', heading: 'Place an order' },
    { name: 'profile', path: '/profile', heading: 'Profile' },
    { name: 'not-found', path: '/no-such-page', heading: 'Page not found' },
    { name: 'admin-refused', path: '/admin/orders', heading: 'This page is for administrators' },
  ],
  admin: [
    { name: 'admin-orders', path: '/admin/orders', heading: 'All orders' },
    { name: 'admin-order', path: firstRowOf('/admin/orders'), heading: /^Order #/ },
    { name: 'admin-dashboard', path: '/admin/dashboard', heading: 'Dashboard' },
    { name: 'admin-reports', path: '/admin/reports', heading: 'Reports' },
    { name: 'admin-catalogue', path: '/admin/catalogue', heading: 'Catalogue' },
    { name: 'admin-new-product', path: '/admin/catalogue/new', heading: 'New product' },
    { name: 'admin-product', path: firstRowOf('/admin/catalogue'), heading: /\S/ },
  ],
};

/** Opens a page and waits until its data has loaded and its colours have settled. */
export async function openSettled(page: Page, target: AppPage): Promise<void> {
  const path = typeof target.path === 'string' ? target.path : await target.path(page);
  await page.goto(path);
  await page.getByRole('heading', { level: 1, name: target.heading }).waitFor();
  await page.locator('[aria-busy="true"]').waitFor({ state: 'detached' });
  // Colours fade between themes (CSS transitions): capture the settled page, not a blend.
  await page.waitForFunction(() => document.getAnimations().length === 0);
}
