import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeDays } from '../../core/calendar-days.ts';
import { ORDER_STATUS_LABELS, ORDER_STATUSES } from '../../core/order-lifecycle.ts';
import { DEMO_CUSTOMERS } from '../../local-cloud/demo-accounts.ts';
import { browserPath } from '../support/browser.ts';
import {
  accessTokenOf,
  type BrowserCloud,
  collectPageErrors,
  confirmOrderAction,
  mailTo,
  queryDatabase,
  SCREENSHOTS,
  signInAsAdmin,
  startBrowserCloud,
} from '../support/local-cloud-browser.ts';

// The product's main journey in a real browser against the local cloud, one step per test, in order:
// a new customer signs up and orders, the admin moves the order along in another browser profile,
// the customer watches it change live, and the admin runs a report.

const LIVE_WITHIN_MS = 2_000;
const newCustomer = {
  email: `e2e-${Date.now()}@example.com`,
  password: 'a long local e2e passphrase',
};

describe.skipIf(!browserPath)('the order journey in a real browser', () => {
  let env: BrowserCloud;
  let customer: Page;
  let customerErrors: string[];
  let admin: Page;
  let orderId: string;

  beforeAll(async () => {
    env = await startBrowserCloud();
  }, 240_000);
  afterAll(async () => {
    await env?.stop();
  });

  it('given a new visitor, when they sign up with the emailed code, then they are signed in to an empty order list', async () => {
    customer = await (await env.newContext()).newPage();
    customerErrors = collectPageErrors(customer);
    await customer.goto('/sign-in');
    await customer.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await customer.getByRole('tab', { name: 'Create account' }).click();
    await customer.getByRole('heading', { level: 1, name: 'Create an account' }).waitFor();
    // The rules are there before the first keystroke, and they are the pool's own.
    await customer.getByText('At least 15 characters.').waitFor();
    await customer.getByLabel('Email').fill(newCustomer.email);
    await customer.getByLabel('Password', { exact: true }).fill(newCustomer.password);
    await customer.getByLabel('Confirm password').fill(newCustomer.password);
    await customer.getByRole('button', { name: 'Create account' }).click();
    await customer.getByRole('heading', { level: 1, name: 'Confirm your email' }).waitFor();

    const [signUpMail] = await mailTo(customer, env.cloud, newCustomer.email);
    const code = /\b(\d{6})\b/.exec(signUpMail?.text ?? '')?.[1];
    expect(code, 'a six-digit code in the sign-up email').toBeDefined();
    await customer.getByLabel('Confirmation code').fill(code as string);
    await customer.getByRole('button', { name: 'Confirm', exact: true }).click();

    await customer.getByRole('heading', { name: 'My orders' }).waitFor();
    await customer.getByText('No orders yet.').waitFor();
  });

  it('given the signed-in customer, when they order from the catalogue, then the order page shows it PENDING with the server total', async () => {
    await customer.getByRole('link', { name: 'New order' }).click();
    await customer.getByRole('spinbutton', { name: 'Ergonomic mouse' }).fill('2');
    await customer.getByRole('spinbutton', { name: 'USB-C hub' }).fill('1');
    // EUR prices from the seeded catalogue: 2 x 55.00 + 45.00.
    await expect(customer.getByTestId('order-total').textContent()).resolves.toBe('€155.00');
    await customer.getByRole('button', { name: 'Place order' }).click();

    await customer.getByRole('heading', { name: /^Order #/ }).waitFor();
    orderId = new URL(customer.url()).pathname.split('/').pop() as string;
    expect(orderId).toMatch(/^[0-9a-f-]{36}$/);
    await expect(statusOf(customer)).resolves.toBe('Pending');
    await expect(
      customer.getByRole('term').filter({ hasText: 'Total' }).locator('+ dd').textContent(),
    ).resolves.toBe('€155.00');
    // Confirmed once, with a way back; a reload does not repeat the news.
    await customer.getByRole('status').filter({ hasText: 'Order placed.' }).waitFor();
    await customer.reload();
    await customer.getByRole('heading', { name: /^Order #/ }).waitFor();
    await expect(customer.getByText('Order placed.').count()).resolves.toBe(0);
    await customer.getByRole('link', { name: '← Back to orders' }).waitFor();
  });

  it('given the order open on the customer page, when the admin confirms and ships it with TOTP sign-in, then each change shows there live within 2 s, without reload', async () => {
    await customer.evaluate(() => {
      (window as unknown as { e2eSamePage: boolean }).e2eSamePage = true;
    });
    admin = await (await env.newContext()).newPage();
    const adminErrors = collectPageErrors(admin);
    await signInAsAdmin(admin);
    await admin.goto(`/orders/${orderId}`);
    await admin.getByRole('definition').filter({ hasText: newCustomer.email }).waitFor();

    for (const [button, confirm, status] of [
      ['Confirm', 'Confirm order', 'CONFIRMED'],
      ['Mark shipped', 'Mark shipped', 'SHIPPED'],
    ] as const) {
      const accepted = admin.waitForResponse((response) => response.url().endsWith('/transitions'));
      await confirmOrderAction(admin, button, confirm);
      expect((await accepted).status()).toBe(200);
      await customer.locator('.facts .badge', { hasText: status }).waitFor({ timeout: LIVE_WITHIN_MS });
      await customer.getByText(`is now ${status}.`).waitFor();
    }
    await customer.getByRole('listitem').filter({ hasText: 'CONFIRMED → SHIPPED' }).waitFor();
    await expect(
      customer.evaluate(() => (window as unknown as { e2eSamePage?: boolean }).e2eSamePage),
    ).resolves.toBe(true);
    expect(adminErrors).toEqual([]);
    expect(customerErrors).toEqual([]);
  });

  it("given the admin console, when the admin filters by the new customer's email, then only that customer's order is listed, newest status shown", async () => {
    await admin.getByRole('link', { name: 'All orders' }).click();
    await admin.getByRole('table').waitFor();
    await admin.getByLabel('Customer email').fill(newCustomer.email.toUpperCase());
    await admin.getByRole('button', { name: 'Apply filters' }).click();
    await admin.getByRole('row').filter({ hasText: newCustomer.email }).getByText('SHIPPED').waitFor();
    await expect(admin.getByRole('table').getByRole('row').count()).resolves.toBe(2); // header + one order
  });

  it("given the admin console, when the admin types part of the email, then the order's reference, then clears, then the list follows the fields each time", async () => {
    const table = admin.getByRole('table');
    const reference = (await table.getByRole('rowheader').first().textContent()) ?? '';
    await admin.getByRole('button', { name: 'Clear filters' }).click();
    // The part of the email that only this run's customer has, typed in capitals: no button press.
    await admin.getByLabel('Customer email').fill(newCustomer.email.slice(4, -12).toUpperCase());
    await expect.poll(() => table.getByRole('rowheader').allTextContents()).toEqual([reference]);
    await admin.getByRole('button', { name: 'Clear filters' }).click();
    await admin.getByLabel('Order reference').fill(reference.toUpperCase());
    await expect.poll(() => table.getByRole('rowheader').allTextContents()).toEqual([reference]);
    expect(new URL(admin.url()).searchParams.get('reference')).toBe(reference.toUpperCase());
    await admin.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => table.getByRole('rowheader').count()).toBeGreaterThan(1);
    await expect(admin.getByLabel('Order reference').inputValue()).resolves.toBe('');
  });

  it('given a PENDING order, when its customer cancels it, then it is CANCELLED and cannot be cancelled again', async () => {
    await customer.goto('/orders/new');
    await customer.getByRole('spinbutton', { name: 'Desk mat XL' }).fill('1');
    await customer.getByRole('button', { name: 'Place order' }).click();
    await customer.getByRole('heading', { name: /^Order #/ }).waitFor();
    await confirmOrderAction(customer, 'Cancel order', 'Cancel order');
    await customer.locator('.facts .badge', { hasText: 'CANCELLED' }).waitFor();
    await customer.getByRole('listitem').filter({ hasText: 'PENDING → CANCELLED' }).waitFor();
    await expect(customer.getByRole('button', { name: 'Cancel order' }).count()).resolves.toBe(0);
  });

  it('given a phone 390 px wide, when the customer opens My orders, then each order is a card with its reference, status and total together, and nothing scrolls sideways', async () => {
    await customer.setViewportSize({ width: 390, height: 844 });
    try {
      await customer.goto('/orders');
      const card = customer.getByRole('list', { name: 'Orders, newest first' }).getByRole('link').first();
      await card.waitFor();
      await expect(card.textContent()).resolves.toMatch(/^#[0-9a-f]{8}[A-Za-z]+\D?[\d,]+\.\d\d/);
      await expect(customer.getByRole('table').count()).resolves.toBe(0);
      await expect(
        customer.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
      ).resolves.toBeLessThanOrEqual(0);
    } finally {
      await customer.setViewportSize({ width: 1280, height: 900 });
    }
  });

  it('given a phone 390 px wide, when the customer steps quantities with + and −, then the field and the total follow, and the total and "Place order" stay on screen at the top of the catalogue and at its end', async () => {
    await customer.setViewportSize({ width: 390, height: 844 });
    try {
      await customer.goto('/orders/new');
      const quantity = customer.getByRole('spinbutton', { name: 'Desk mat XL' });
      await customer.getByRole('button', { name: 'One more Desk mat XL' }).click();
      await customer.getByRole('button', { name: 'One more Desk mat XL' }).click();
      await expect(quantity.inputValue()).resolves.toBe('2');
      await customer.getByRole('button', { name: 'One Desk mat XL fewer' }).click();
      await expect(quantity.inputValue()).resolves.toBe('1');
      await expect(customer.getByTestId('order-total').textContent()).resolves.toBe('€23.00');
      const placeOrder = customer.getByRole('button', { name: 'Place order' });
      for (const scrollTo of [0, 100_000]) {
        await customer.evaluate((y) => window.scrollTo(0, y), scrollTo);
        const box = await placeOrder.boundingBox();
        expect(
          box && box.y >= 0 && box.y + box.height <= 844,
          `Place order on screen at scroll ${scrollTo}`,
        ).toBe(true);
      }
      await expect(
        customer.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
      ).resolves.toBeLessThanOrEqual(0);
    } finally {
      await customer.setViewportSize({ width: 1280, height: 900 });
    }
  });

  it("given another customer's order id, when the customer opens it by URL, then the page says not found and shows none of its data", async () => {
    const [alice] = DEMO_CUSTOMERS;
    const { rows } = await queryDatabase<{ id: string }>(
      env,
      'SELECT id FROM orders WHERE owner_email = $1 LIMIT 1',
      [alice?.email],
    );
    const [alicesOrder] = rows;
    if (!alicesOrder) throw new Error('the seed gave alice no orders');

    await customer.goto(`/orders/${alicesOrder.id}`);
    await customer.getByRole('heading', { name: 'Order not found' }).waitFor();
    const page = await customer.locator('main').textContent();
    expect(page).not.toContain(alice?.email);
    expect(page).not.toContain(alicesOrder.id.slice(-8));
    await expect(customer.getByRole('table').count()).resolves.toBe(0);
  });

  it("given the admin dashboard, when today is chosen, then the orders-by-status numbers are the database's", async () => {
    const today = new Date().toISOString().slice(0, 10);
    const { rows } = await queryDatabase<{ status: string; count: number }>(
      env,
      `SELECT status, count(*)::int AS count FROM orders
        WHERE (created_at AT TIME ZONE 'UTC')::date = $1::date GROUP BY status ORDER BY status`,
      [today],
    );
    expect(rows.length, "today's orders include this journey's two").toBeGreaterThan(0);
    await admin.getByRole('link', { name: 'Dashboard' }).click();
    await admin.getByLabel('First day').fill(today);
    await admin.getByLabel('Last day').fill(today);
    await admin.getByRole('button', { name: 'Show' }).click();
    const byStatus = admin.getByRole('figure', { name: 'Orders by status' });
    await byStatus.getByText('Show the numbers').click();
    await expect
      .poll(() => byStatus.getByRole('row').allTextContents())
      .toEqual(
        // In the lifecycle's order, as words.
        ORDER_STATUSES.flatMap((status) =>
          rows
            .filter((row) => row.status === status)
            .map((row) => `${ORDER_STATUS_LABELS[status]}${row.count}`),
        ),
      );
  });

  it('given the admin, when they generate a report, then it is listed ready, emailed, and downloadable by the admin only', async () => {
    await admin.goto('/admin/reports');
    const today = new Date().toISOString().slice(0, 10);
    const weekAgo = new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10);
    // Days as on the dashboard: first and last, both included, and mistakes said in words.
    await admin.getByLabel('First day').fill(today);
    await admin.getByLabel('Last day').fill(weekAgo);
    await admin.getByRole('button', { name: 'Generate report' }).click();
    await expect(admin.getByRole('alert').textContent()).resolves.toBe(
      'The last day must be on or after the first day.',
    );
    await admin.getByLabel('First day').fill(weekAgo);
    await admin.getByLabel('Last day').fill(today);
    await admin.getByRole('button', { name: 'Generate report' }).click();
    const period = describeDays(weekAgo, today, 'en-US');
    const download = admin.getByRole('button', { name: `Download the report for ${period}` }).first();
    await download.waitFor({ timeout: 30_000 });
    await admin.screenshot({ path: `${SCREENSHOTS}/reports-desktop.png`, fullPage: true });

    const reportMail = (await mailTo(admin, env.cloud, 'admin@example.com')).find((mail) =>
      /report/i.test(mail.subject),
    );
    expect(reportMail?.subject).toBeDefined();

    const [csv] = await Promise.all([admin.waitForEvent('download'), download.click()]);
    const content = await csv.createReadStream().then(async (stream) => {
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    });
    expect(content).toContain(orderId);

    // The customer's browser asks the API for the same link with its own token, and is refused.
    const reportId = await admin.evaluate(async () => {
      const links = performance.getEntriesByType('resource').map((entry) => entry.name);
      return links
        .find((name) => /\/reports\/[^/]+\/download$/.test(name))
        ?.split('/')
        .at(-2);
    });
    expect(reportId).toBeDefined();
    await expect(callApiAs(customer, `/api/reports/${reportId}/download`)).resolves.toBe(403);
  });
});

function statusOf(page: Page): Promise<string | null> {
  return page.locator('.facts .badge').textContent();
}

/** A GET to the HTTP API from the page, with the access token its Amplify session holds. */
async function callApiAs(page: Page, path: string): Promise<number> {
  const token = await accessTokenOf(page);
  return page.evaluate(
    async ({ target, bearer }) => {
      const response = await fetch(target, { headers: { authorization: `Bearer ${bearer}` } });
      return response.status;
    },
    { target: path, bearer: token },
  );
}
