import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ADMIN, DEMO_CUSTOMERS } from '../../local-cloud/demo-accounts.ts';
import { browserPath } from '../support/browser.ts';
import {
  answerTotpChallenge,
  type BrowserCloud,
  collectPageErrors,
  fillSignIn,
  queryDatabase,
  signIn,
  signInAsAdmin,
  startBrowserCloud,
} from '../support/local-cloud-browser.ts';

// The paths a new user found broken (issue 15), each walked in a real browser on the local cloud:
// the report email's link, pages that cannot load their code, the admin order page's facts on a
// wide and a narrow screen, an order address that is not an order id, and the local mail viewer.

const alice = DEMO_CUSTOMERS[0] as (typeof DEMO_CUSTOMERS)[number];
// The lazily loaded order form, as the dev server and a build name its module.
const ORDER_FORM_CHUNK = /PlaceOrderPage/;

describe.skipIf(!browserPath)('the paths that were broken', () => {
  let env: BrowserCloud;

  beforeAll(async () => {
    env = await startBrowserCloud();
  }, 240_000);
  afterAll(async () => {
    await env?.stop();
  });

  const newPage = async (width?: number) => (await env.newContext({ width })).newPage();

  it("given the report email's link, when a signed-out admin opens it and signs in, then that report opens", async () => {
    const { rows } = await queryDatabase<{ id: string }>(
      env,
      `INSERT INTO reports (period_start, period_end, status, object_key, row_count, summary, requested_by, completed_at)
       VALUES ('2024-02-01', '2024-03-01', 'READY', 'reports/2024-02-01.csv', 7,
               '{"orders":7,"byStatus":[],"byDay":[],"topProducts":[]}', 'e2e', now()) RETURNING id`,
    );
    const reportId = rows[0]?.id as string;
    const admin = await newPage();

    await admin.goto(`/reports/${reportId}`);
    await admin.waitForURL(/\/sign-in\?next=/);
    await fillSignIn(admin, DEMO_ADMIN);
    await answerTotpChallenge(admin);

    await admin.getByRole('heading', { level: 1, name: /^Report/ }).waitFor();
    expect(new URL(admin.url()).pathname).toBe(`/reports/${reportId}`);
    await admin.getByText('7 orders').waitFor();
    await admin.getByRole('button', { name: 'Download CSV' }).waitFor();
  });

  it('given a signed-in customer offline, when they open a page whose code is not loaded yet, then the app says so and opens it once back online', async () => {
    const customer = await newPage();
    await signIn(customer, alice);
    await customer.getByRole('heading', { name: 'My orders' }).waitFor();

    await customer.context().setOffline(true);
    await customer.getByRole('link', { name: 'New order' }).click();
    await customer.getByRole('alert').filter({ hasText: 'You are offline' }).waitFor();
    await expect(customer.getByRole('navigation', { name: 'Main' }).isVisible()).resolves.toBe(true);

    await customer.context().setOffline(false);
    await customer.getByRole('heading', { name: 'Place an order' }).waitFor();
  });

  it('given a page whose code fails to load once, when it opens, then a retry loads it and no error shows', async () => {
    const customer = await newPage();
    await signIn(customer, alice);
    await customer.getByRole('heading', { name: 'My orders' }).waitFor();
    let refused = 0;
    await customer.route(ORDER_FORM_CHUNK, (route) => {
      if (refused++ === 0) return route.abort('connectionreset');
      return route.continue();
    });

    await customer.getByRole('link', { name: 'New order' }).click();
    await customer.getByRole('heading', { name: 'Place an order' }).waitFor();
    expect(refused).toBeGreaterThan(1);
  });

  it('given a new version deployed while a tab is open (its page code gone), when a page opens, then the app offers to reload', async () => {
    const customer = await newPage();
    await signIn(customer, alice);
    await customer.getByRole('heading', { name: 'My orders' }).waitFor();
    await customer.route(ORDER_FORM_CHUNK, (route) => route.fulfill({ status: 404, body: 'Not found' }));

    await customer.getByRole('link', { name: 'New order' }).click();
    await customer
      .getByRole('alert')
      .filter({ hasText: 'A new version of Secure Orders is available' })
      .waitFor();
    await expect(customer.getByRole('navigation', { name: 'Main' }).isVisible()).resolves.toBe(true);

    await customer.unroute(ORDER_FORM_CHUNK);
    await customer.getByRole('button', { name: 'Reload' }).click();
    await customer.getByRole('heading', { name: 'Place an order' }).waitFor();
  });

  for (const width of [1280, 390]) {
    it(`given an order of a customer with a long email, when the admin opens it at ${width} px, then no fact runs into another`, async () => {
      const { rows } = await queryDatabase<{ id: string }>(
        env,
        `UPDATE orders SET owner_email = 'procurement.department.north-east-region@customers.example.com'
          WHERE id = (SELECT id FROM orders WHERE owner_email = $1 ORDER BY created_at LIMIT 1) RETURNING id`,
        [DEMO_CUSTOMERS[1]?.email],
      );
      const admin = await newPage(width);
      await signInAsAdmin(admin);
      await admin.goto(`/orders/${rows[0]?.id}`);
      await admin.getByRole('definition').filter({ hasText: 'procurement' }).waitFor();

      // Where each term's and value's text is drawn (a range's box includes text that overflows).
      const boxes = await admin.locator('.facts dt, .facts dd').evaluateAll((elements) =>
        elements.map((element) => {
          const range = document.createRange();
          range.selectNodeContents(element);
          const { left, right, top, bottom } = range.getBoundingClientRect();
          return { text: element.textContent, left, right, top, bottom };
        }),
      );
      const overlaps = boxes.flatMap((a, index) =>
        boxes
          .slice(index + 1)
          .filter((b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom)
          .map((b) => `${a.text} overlaps ${b.text}`),
      );
      expect(overlaps).toEqual([]);
      const pageWidth = await admin.evaluate(() => document.documentElement.scrollWidth);
      expect(pageWidth, 'nothing scrolls sideways').toBeLessThanOrEqual(width);
    });
  }

  it('given an order address that is not an order id, when it opens, then "Order not found" shows without asking the server', async () => {
    const customer = await newPage();
    await signIn(customer, alice);
    await customer.getByRole('heading', { name: 'My orders' }).waitFor();
    const orderReads: string[] = [];
    customer.on('request', (request) => {
      if (/getOrder/.test(request.postData() ?? '')) orderReads.push(request.url());
    });

    await customer.goto('/orders/not-a-uuid');
    await customer.getByRole('heading', { name: 'Order not found' }).waitFor({ timeout: 2_000 });
    expect(orderReads).toEqual([]);
    await expect(customer.locator('main').textContent()).resolves.not.toMatch(/SQL|GraphQL|statement/i);
  });

  it('given the local mail viewer at /mail, when it opens, then its stylesheet loads and applies', async () => {
    const developer = await newPage();
    const errors = collectPageErrors(developer);
    await developer.request.get(env.cloud.mailViewerUrl); // the banner's link sets the viewer's cookie
    const stylesheets: number[] = [];
    developer.on('response', (response) => {
      if (response.url().endsWith('viewer.css')) stylesheets.push(response.status());
    });

    await developer.goto('/mail');
    await developer.getByRole('heading', { name: 'Local mail' }).waitFor();
    expect(stylesheets).toEqual([200]);
    await expect(developer.evaluate(() => getComputedStyle(document.body).fontFamily)).resolves.toContain(
      'system-ui',
    );
    expect(errors).toEqual([]);
  });
});
