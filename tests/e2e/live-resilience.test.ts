import type { BrowserContext, Locator, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CUSTOMERS } from '../../local-cloud/demo-accounts.ts';
import { orderRef } from '../../src/ui/format.ts';
import { browserPath } from '../support/browser.ts';
import {
  accessTokenOf,
  type BrowserCloud,
  confirmOrderAction,
  type PendingOrder,
  pendingOrdersOf,
  placeOrderElsewhere,
  signIn,
  signInAsAdmin,
  startBrowserCloud,
  transitionElsewhere,
} from '../support/local-cloud-browser.ts';
import { type RealtimeLink, routeRealtime } from '../support/realtime-link.ts';

// Live updates when the realtime connection is not well: the customer is told when it drops and
// sees, after it comes back, what changed meanwhile; an admin acting on a page whose news has not
// arrived yet is told someone else changed the order first. Each test takes its own PENDING order
// of alice's and changes it through the HTTP API as the admin would from another tab.

const alice = DEMO_CUSTOMERS[0] as (typeof DEMO_CUSTOMERS)[number];
// Amplify retries a lost socket after 5 s, then once a minute: a reconnect may take that long.
const RECONNECT_WITHIN_MS = 90_000;

describe.skipIf(!browserPath)('live updates through a dropped or slow connection', () => {
  let env: BrowserCloud;
  let customerContext: BrowserContext;
  let customer: Page;
  let customerLink: RealtimeLink;
  let admin: Page;
  let adminLink: RealtimeLink;
  let pendingOrders: PendingOrder[];

  beforeAll(async () => {
    env = await startBrowserCloud();
    pendingOrders = await pendingOrdersOf(env, alice.email, 5);
    customerContext = await env.newContext();
    customer = await customerContext.newPage();
    customerLink = await routeRealtime(customer);
    await signIn(customer, alice);
    await customer.getByRole('heading', { name: 'My orders' }).waitFor();
    admin = await (await env.newContext()).newPage();
    adminLink = await routeRealtime(admin);
    await signInAsAdmin(admin);
  }, 240_000);
  afterAll(async () => {
    await env?.stop();
  });

  const changeElsewhere = async (order: PendingOrder, to: string) =>
    transitionElsewhere(env, await accessTokenOf(admin), order, to);

  it('given an order open on the customer page, when the browser goes offline, then a banner says so plainly, and once back online it goes and the order is re-read', async () => {
    const [order] = pendingOrders as [PendingOrder];
    await openOrder(customer, order, 'PENDING');
    const banner = disconnectedBanner(customer);

    await customerContext.setOffline(true);
    await offlineBanner(customer).waitFor();

    const reread = customer.waitForResponse((response) => isOrderRead(response.request()) && response.ok());
    await customerContext.setOffline(false);
    await reread;
    await offlineBanner(customer).waitFor({ state: 'detached' });
    await banner.waitFor({ state: 'detached' });
  });

  it('given the realtime connection drops, when the client tries to reconnect and is refused, then the banner stays up until it is connected again', async () => {
    await customer.goto('/orders');
    await customer.getByRole('table').waitFor();
    const banner = disconnectedBanner(customer);

    await customerLink.cut();
    await banner.waitFor();
    await customerLink.nextRefusedAttempt();
    await expect(banner.isVisible(), 'while retrying').resolves.toBe(true);

    customerLink.restore();
    await banner.waitFor({ state: 'detached', timeout: RECONNECT_WITHIN_MS });
  });

  it('given the realtime connection drops, when the admin confirms the open order meanwhile, then the customer page shows it CONFIRMED once reconnected, by re-reading, without reload', async () => {
    const [, order] = pendingOrders as [PendingOrder, PendingOrder];
    await openOrder(customer, order, 'PENDING');
    await markSamePage(customer);

    await customerLink.cut();
    await disconnectedBanner(customer).waitFor();
    await changeElsewhere(order, 'CONFIRMED');
    // Its event had no socket to reach this page: only a re-read can show the change.
    await expect(badgeOf(customer)).resolves.toBe('Pending');

    const reread = customer.waitForRequest(isOrderRead, { timeout: RECONNECT_WITHIN_MS });
    customerLink.restore();
    await reread;
    await customer.locator('.facts .badge', { hasText: 'CONFIRMED' }).waitFor();
    await customer.getByRole('listitem').filter({ hasText: 'PENDING → CONFIRMED' }).waitFor();
    await disconnectedBanner(customer).waitFor({ state: 'detached' });
    await expect(isSamePage(customer)).resolves.toBe(true);
  });

  it("given the server refuses the page's subscription for good (its token expired while the tab slept), when the order changes meanwhile, then the page restarts it with a fresh token and shows the change within 10 s, without reload", async () => {
    const [, , , order] = pendingOrders as [PendingOrder, PendingOrder, PendingOrder, PendingOrder];
    await openOrder(customer, order, 'PENDING');
    await markSamePage(customer);
    const refused = customerLink.refuseNextSubscription({
      errorType: 'UnauthorizedException',
      message: 'Token has expired.',
    });
    // The client reconnects a dropped socket by itself; its new start is the one refused.
    await customerLink.cut();
    customerLink.restore();
    await refused;

    await changeElsewhere(order, 'CONFIRMED');
    await customer.locator('.facts .badge', { hasText: 'CONFIRMED' }).waitFor({ timeout: 10_000 });
    await customer
      .getByRole('status')
      .filter({ hasText: /^Live$/ })
      .waitFor({ timeout: 10_000 });
    await expect(isSamePage(customer)).resolves.toBe(true);
  });

  it('given the realtime service away for longer than the client retries by itself (sockets dropped, new ones refused), when an order changes meanwhile and the service comes back, then the page shows the change within 10 s, without reload', async () => {
    const order = pendingOrders[4] as PendingOrder;
    await openOrder(customer, order, 'PENDING');
    await markSamePage(customer);

    await customerLink.cut();
    const banner = disconnectedBanner(customer);
    await banner.filter({ hasText: /Reconnecting in \d+ s/ }).waitFor();
    await banner.getByRole('button', { name: 'Retry now' }).waitFor();
    await changeElsewhere(order, 'CONFIRMED');
    // Past the client's own retry at 5 s; its next would come a minute later.
    await customer.waitForTimeout(15_000);
    await expect(badgeOf(customer)).resolves.toBe('Pending');

    customerLink.restore();
    await customer.locator('.facts .badge', { hasText: 'CONFIRMED' }).waitFor({ timeout: 10_000 });
    await banner.waitFor({ state: 'detached' });
    await expect(isSamePage(customer)).resolves.toBe(true);
  });

  it("given alice's My orders, when she shows older orders, an order of hers is placed elsewhere and she filters by status, then pages append, the new order lands on top live, and the filter is in the URL", async () => {
    await customer.goto('/orders');
    const rows = customer.locator('table.orders tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(20);
    await customer.getByRole('button', { name: 'Show older orders' }).click();
    await expect.poll(() => rows.count()).toBe(40);
    await markSamePage(customer);

    const placed = await placeOrderElsewhere(env, await accessTokenOf(customer));
    await rows
      .first()
      .getByRole('link', { name: orderRef(placed) })
      .waitFor({ timeout: 10_000 });
    expect(await rows.count(), 'the loaded pages re-read, each as long as before').toBe(40);
    await expect(isSamePage(customer)).resolves.toBe(true);

    await customer.getByLabel('Status').selectOption('CANCELLED');
    await customer.getByRole('button', { name: 'Apply filters' }).click();
    await customer.waitForURL(/\/orders\?status=CANCELLED$/);
    await expect
      .poll(() => customer.locator('table.orders tbody .badge').allTextContents())
      .not.toContain('Pending');
    const badges = await customer.locator('table.orders tbody .badge').allTextContents();
    expect(badges.length).toBeGreaterThan(0);
    expect(new Set(badges)).toEqual(new Set(['Cancelled']));
    await customer.reload();
    await customer.getByLabel('Status').waitFor();
    expect(await customer.getByLabel('Status').inputValue()).toBe('CANCELLED');
  });

  it('given the admin has a PENDING order open, when someone else confirms it first and the admin clicks Confirm, then the page says so and shows the order as it is now', async () => {
    const [, , order] = pendingOrders as [PendingOrder, PendingOrder, PendingOrder];
    await openOrder(admin, order, 'PENDING');
    adminLink.holdEvents(); // the news of the other change is still on its way to this page

    await changeElsewhere(order, 'CONFIRMED');
    await expect(badgeOf(admin)).resolves.toBe('Pending');
    const refused = admin.waitForResponse((response) => response.url().endsWith('/transitions'));
    await confirmOrderAction(admin, 'Confirm', 'Confirm order');

    expect((await refused).status()).toBe(409);
    await admin.getByRole('alert').filter({ hasText: 'Someone else changed this order first' }).waitFor();
    await admin.locator('.facts .badge', { hasText: 'CONFIRMED' }).waitFor();
    await admin.getByRole('button', { name: 'Mark shipped', exact: true }).waitFor();
    adminLink.releaseEvents();
  });
});

async function openOrder(page: Page, order: PendingOrder, status: string): Promise<void> {
  await page.goto(`/orders/${order.id}`);
  await page.locator('.facts .badge', { hasText: status }).waitFor();
}

function offlineBanner(page: Page): Locator {
  return page
    .getByRole('status')
    .filter({ hasText: 'You are offline; changes will show when you reconnect.' });
}

function disconnectedBanner(page: Page): Locator {
  return page.getByRole('status').filter({ hasText: 'Live updates are disconnected' });
}

/** The order page's GraphQL read of the order itself. */
function isOrderRead(request: Request): boolean {
  return Boolean(request.postData()?.includes('getOrder('));
}

function badgeOf(page: Page): Promise<string | null> {
  return page.locator('.facts .badge').textContent();
}

/** A mark in the page's window that a reload would wipe. */
function markSamePage(page: Page): Promise<void> {
  return page.evaluate(() => {
    (window as unknown as { e2eSamePage: boolean }).e2eSamePage = true;
  });
}

function isSamePage(page: Page): Promise<boolean | undefined> {
  return page.evaluate(() => (window as unknown as { e2eSamePage?: boolean }).e2eSamePage);
}
