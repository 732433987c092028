import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ADMIN, DEMO_CUSTOMERS } from '../../local-cloud/demo-accounts.ts';
import { browserPath } from '../support/browser.ts';
import {
  answerTotpChallenge,
  type BrowserCloud,
  pendingOrdersOf,
  queryDatabase,
  signIn,
  startBrowserCloud,
} from '../support/local-cloud-browser.ts';

// The paths a new user found confusing (issue 15), each walked in a real browser on the local
// cloud: where an admin lands, what a customer is told at an admin page, what offline looks like,
// the 404 page's way back, confirmation before an order moves, and a form error that moves nothing.

const bob = DEMO_CUSTOMERS[1] as (typeof DEMO_CUSTOMERS)[number];

describe.skipIf(!browserPath)('the paths that were confusing', () => {
  let env: BrowserCloud;
  let customer: Page;
  let admin: Page;

  beforeAll(async () => {
    env = await startBrowserCloud();
    customer = await (await env.newContext()).newPage();
    await signIn(customer, bob);
    await customer.getByRole('heading', { name: 'My orders' }).waitFor();
  }, 240_000);
  afterAll(async () => {
    await env?.stop();
  });
  afterEach(async () => {
    await customer?.context().setOffline(false); // a failed offline test must not take the next ones down
  });

  it('given an admin, when they sign in, then they land on All orders, and My orders lists only their own', async () => {
    admin = await (await env.newContext()).newPage();
    await signIn(admin, DEMO_ADMIN);
    await answerTotpChallenge(admin);
    await admin.getByRole('heading', { level: 1, name: 'All orders' }).waitFor();
    expect(new URL(admin.url()).pathname).toBe('/admin/orders');

    await admin.getByRole('link', { name: 'My orders' }).click();
    await admin.getByRole('heading', { level: 1, name: 'My orders' }).waitFor();
    const { rows } = await queryDatabase<{ count: number }>(
      env,
      'SELECT count(*)::int AS count FROM orders WHERE owner_email = $1',
      [DEMO_ADMIN.email],
    );
    if (rows[0]?.count === 0) await admin.getByText('No orders yet.').waitFor();
    await expect(admin.locator('main').textContent()).resolves.not.toContain(bob.email);
  });

  it('given a customer, when they open an admin address, then the page says plainly it is for administrators, with a way back', async () => {
    await customer.goto('/admin/orders');
    await customer.getByRole('heading', { level: 1, name: 'This page is for administrators' }).waitFor();
    await customer.getByRole('link', { name: 'Back to your orders' }).click();
    await customer.getByRole('heading', { level: 1, name: 'My orders' }).waitFor();
  });

  it('given an address with no page, when it opens, then it offers a way back', async () => {
    await customer.goto('/no-such-page');
    await customer.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    await customer.getByRole('link', { name: 'Back to your orders' }).click();
    await customer.getByRole('heading', { level: 1, name: 'My orders' }).waitFor();
  });

  it('given the customer offline, when they open an order not loaded before, then it says they are offline instead of loading forever, and shows the order once back', async () => {
    await customer.goto('/orders');
    const firstOrder = customer.getByRole('table').getByRole('link').first();
    await firstOrder.waitFor();

    await customer.context().setOffline(true);
    await customer
      .getByRole('status')
      .filter({ hasText: 'You are offline; changes will show when you reconnect.' })
      .first()
      .waitFor();
    await firstOrder.click();
    await customer
      .locator('main')
      .getByText('You are offline; changes will show when you reconnect.')
      .first()
      .waitFor();
    await expect(customer.locator('[aria-busy="true"]').count()).resolves.toBe(0);

    await customer.context().setOffline(false);
    await customer.getByRole('heading', { level: 1, name: /^Order #/ }).waitFor();
  });

  it('given a PENDING order, when the admin presses Confirm, then nothing changes until they confirm in the dialog', async () => {
    const [order] = await pendingOrdersOf(env, bob.email, 1);
    if (!order) throw new Error('no pending order');
    const transitions: string[] = [];
    admin.on('request', (request) => {
      if (request.url().endsWith('/transitions')) transitions.push(request.url());
    });
    await admin.goto(`/orders/${order.id}`);
    await admin.locator('.facts .badge', { hasText: 'PENDING' }).waitFor();

    await admin.getByRole('button', { name: 'Confirm', exact: true }).click();
    const dialog = admin.getByRole('dialog', { name: /Confirm order/ });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Go back' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(transitions).toEqual([]);

    await admin.getByRole('button', { name: 'Confirm', exact: true }).click();
    await dialog.getByRole('button', { name: 'Confirm order' }).click();
    await admin.locator('.facts .badge', { hasText: 'CONFIRMED' }).waitFor();
    expect(transitions).toHaveLength(1);
  });

  it('given a PENDING order of theirs, when the customer presses Cancel order, then it is cancelled only once they confirm', async () => {
    const [order] = await pendingOrdersOf(env, bob.email, 1);
    if (!order) throw new Error('no pending order');
    await customer.goto(`/orders/${order.id}`);
    await customer.locator('.facts .badge', { hasText: 'PENDING' }).waitFor();

    await customer.getByRole('button', { name: 'Cancel order' }).click();
    const dialog = customer.getByRole('dialog', { name: /Cancel order/ });
    await dialog.getByText('This cannot be undone.').waitFor();
    await dialog.getByRole('button', { name: 'Cancel order' }).click();
    await customer.locator('.facts .badge', { hasText: 'CANCELLED' }).waitFor();
  });

  it('given the order form on a phone, when an error appears at a product, then no input moves', async () => {
    await customer.setViewportSize({ width: 390, height: 740 });
    await customer.goto('/orders/new');
    const inputs = customer.getByRole('spinbutton');
    await inputs.first().waitFor();
    // Where each input sits on the page (not in the window, which scrolls to the button pressed).
    const boxes = () =>
      inputs.evaluateAll((elements) =>
        elements.map((element) => element.getBoundingClientRect().top + window.scrollY),
      );
    const before = await boxes();

    await inputs.first().fill('1001');
    await customer.getByRole('button', { name: 'Place order' }).click();
    await customer.getByText('Quantity must be at most 1000').waitFor();
    await expect(boxes()).resolves.toEqual(before);
  });
});
