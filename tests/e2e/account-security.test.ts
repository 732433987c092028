import {
  AdminAddUserToGroupCommand,
  CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { TOTP } from 'otpauth';
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMINS_GROUP } from '../../core/groups.ts';
import {
  LOCAL_REGION,
  LOCAL_USER_POOL_CLIENT_ID,
  LOCAL_USER_POOL_ID,
  SERVICE_PATHS,
} from '../../local-cloud/config.ts';
import { DEMO_CUSTOMERS } from '../../local-cloud/demo-accounts.ts';
import { browserPath } from '../support/browser.ts';
import {
  accessTokenOf,
  type BrowserCloud,
  collectPageErrors,
  type PendingOrder,
  pendingOrdersOf,
  placeOrderElsewhere,
  signIn,
  signInAsAdmin,
  startBrowserCloud,
  transitionElsewhere,
  unusedTotpCode,
} from '../support/local-cloud-browser.ts';

// Two-factor sign-in from the user's side: a customer turns TOTP on from the profile, is asked for a
// code at the next sign-in, and turns it off again; an administrator without TOTP is shown how to
// set it up and gets no admin data until then, every order's live changes once it is on, and none
// of other customers' once she turns it off again.

const alice = DEMO_CUSTOMERS[0] as (typeof DEMO_CUSTOMERS)[number];
const bob = DEMO_CUSTOMERS[1] as (typeof DEMO_CUSTOMERS)[number];
const newAdmin = { email: `admin-no-mfa-${Date.now()}@example.com`, password: 'a long local e2e passphrase' };
const ADMIN_QUERIES = ['adminOrdersPage', 'orderStatsByDay', 'orderStatsByStatus'];
const ADMIN_PAGES = ['/admin/orders', '/admin/dashboard', '/admin/reports'];

describe.skipIf(!browserPath)('two-factor sign-in from the profile, and admins without it', () => {
  let env: BrowserCloud;
  let customer: Page;
  let bobsAuthenticator: TOTP;
  let admin: Page;
  let adminRealtimeFrames: string[];
  const pageErrors: string[][] = [];

  beforeAll(async () => {
    env = await startBrowserCloud();
  }, 240_000);
  afterAll(async () => {
    await env?.stop();
  });

  async function openPage(): Promise<Page> {
    const page = await (await env.newContext()).newPage();
    pageErrors.push(collectPageErrors(page));
    return page;
  }

  it('given a signed-in customer without TOTP, when he sets it up on his profile with the key shown and a code from his app, then the profile says it is on', async () => {
    customer = await openPage();
    await signIn(customer, bob);
    await customer.getByRole('heading', { name: 'My orders' }).waitFor();
    await customer.getByRole('link', { name: 'Profile' }).click();
    await customer.getByRole('button', { name: 'Set up two-factor sign-in' }).click();

    await expect(customer.getByRole('img', { name: /^QR code/ }).getAttribute('src')).resolves.toMatch(
      /^data:image\/png;base64,/,
    );
    const shown = (await customer.locator('code.secret').textContent()) ?? '';
    expect(shown, 'the key in groups of four').toMatch(/^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/);
    const secret = shown.replaceAll(' ', '');
    await customer.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await customer.getByRole('button', { name: 'Copy key' }).click();
    await customer.getByRole('button', { name: 'Copied' }).waitFor();
    await expect(customer.evaluate(() => navigator.clipboard.readText())).resolves.toBe(secret);
    bobsAuthenticator = new TOTP({ secret });

    const code = customer.getByLabel('Enter the 6-digit code from your authenticator app');
    await code.fill('12345');
    await customer.getByRole('button', { name: 'Turn on' }).click();
    await customer
      .getByRole('alert')
      .filter({ hasText: 'Enter the 6 digits your authenticator app shows.' })
      .waitFor();
    const wrong = String((Number(await unusedTotpCode(bobsAuthenticator)) + 1) % 1_000_000).padStart(6, '0');
    const customerErrors = pageErrors.at(-1) ?? [];
    const errorsBefore = customerErrors.length;
    await code.fill(wrong);
    await customer.getByRole('button', { name: 'Turn on' }).click();
    await customer.getByRole('alert').filter({ hasText: "That code didn't match." }).waitFor();
    // Cognito's refusal of the wrong code, which the browser logs: expected here, and only that.
    expect(customerErrors.splice(errorsBefore)).toEqual([
      'Failed to load resource: the server responded with a status of 400 (Bad Request)',
    ]);
    await expect(customer.getByText('Code mismatch').count()).resolves.toBe(0);

    await code.fill(await unusedTotpCode(bobsAuthenticator));
    await customer.getByRole('button', { name: 'Turn on' }).click();

    await customer.getByText('Signing in asks for a code from your authenticator app.').waitFor();
    await customer.getByRole('button', { name: 'Turn off two-factor sign-in' }).waitFor();
  });

  it('given the customer has TOTP on, when he signs out and in again, then sign-in asks for a code from his app and lets him in with it', async () => {
    await signOut(customer);
    await signIn(customer, bob);

    const code = customer.getByRole('textbox', { name: /^Code/ });
    await code.fill(await unusedTotpCode(bobsAuthenticator));
    await customer.getByRole('button', { name: 'Confirm', exact: true }).click();
    await customer.getByRole('heading', { name: 'My orders' }).waitFor();
  });

  it('given the customer has TOTP on, when he turns it off on his profile, then it says off and the next sign-in asks for no code', async () => {
    await customer.getByRole('link', { name: 'Profile' }).click();
    await customer.getByRole('button', { name: 'Turn off two-factor sign-in' }).click();
    await customer.getByRole('button', { name: 'Set up two-factor sign-in' }).waitFor();

    await signOut(customer);
    await signIn(customer, bob);
    await customer.getByRole('heading', { name: 'My orders' }).waitFor();
  });

  it('given an ADMINS member without TOTP, when she opens each admin page, then it says the page is for administrators, asks her to set up two-factor sign-in, and nothing fetches admin data', async () => {
    await createAdminWithoutTotp(env, newAdmin);
    admin = await openPage();
    adminRealtimeFrames = recordRealtimeFrames(admin);
    const requests: Request[] = [];
    const graphqlAnswers: Promise<string>[] = [];
    admin.on('request', (request) => requests.push(request));
    admin.on('response', (response) => {
      if (new URL(response.url()).pathname === SERVICE_PATHS.graphql) graphqlAnswers.push(response.text());
    });
    await signIn(admin, newAdmin);
    await admin.getByRole('heading', { name: 'My orders' }).waitFor();
    await expect(admin.getByRole('link', { name: 'All orders' }).count()).resolves.toBe(0);

    for (const path of ADMIN_PAGES) {
      await admin.goto(path);
      await admin.getByRole('heading', { level: 1, name: 'This page is for administrators' }).waitFor();
      await admin.getByRole('link', { name: 'set up an authenticator app on your profile' }).waitFor();
    }

    const adminCalls = requests.filter(
      (request) =>
        new URL(request.url()).pathname.startsWith(`${SERVICE_PATHS.httpApi}/reports`) ||
        ADMIN_QUERIES.some((query) => request.postData()?.includes(query)),
    );
    expect(adminCalls.map((request) => request.url())).toEqual([]);
    const answers = (await Promise.all(graphqlAnswers)).join('\n');
    for (const other of DEMO_CUSTOMERS) expect(answers).not.toContain(other.email);
  });

  it('given that admin on the prompt, when she follows it and turns TOTP on, then the admin pages open for her without signing in again', async () => {
    await admin.getByRole('link', { name: 'set up an authenticator app on your profile' }).click();
    await admin.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
    const secret = ((await admin.locator('code.secret').textContent()) ?? '').replaceAll(' ', '');
    await admin
      .getByLabel('Enter the 6-digit code from your authenticator app')
      .fill(await unusedTotpCode(new TOTP({ secret })));
    await admin.getByRole('button', { name: 'Turn on' }).click();
    await admin.getByRole('definition').filter({ hasText: 'Administrator' }).waitFor();

    await admin.getByRole('link', { name: 'All orders' }).click();
    await admin.getByRole('heading', { level: 1, name: 'All orders' }).waitFor();
    await admin.getByRole('table').getByRole('row').nth(1).waitFor();
  });

  it("given the admin who just turned TOTP on, when another customer's order changes, then her admin console shows it live, without reload", async () => {
    const [order] = (await pendingOrdersOf(env, alice.email, 1)) as [PendingOrder];
    // Still the page she turned TOTP on in: no reload since, so no fresh start of the app either.
    await admin.getByLabel('Status').selectOption('PENDING');
    await admin.getByLabel('Customer email').fill(alice.email);
    await admin.getByRole('button', { name: 'Apply filters' }).click();
    const row = admin.getByRole('row').filter({ hasText: order.id.slice(-8) });
    await row.getByText('PENDING').waitFor();

    await transitionElsewhere(env, await accessTokenOf(admin), order, 'CONFIRMED');
    await row.getByText('CONFIRMED').waitFor({ timeout: 10_000 });
  });

  it("given that admin turns TOTP off, when another customer's order changes, then her open page receives nothing of it", async () => {
    await admin.getByRole('link', { name: 'Profile' }).click();
    await admin.getByRole('button', { name: 'Turn off two-factor sign-in' }).click();
    await admin.getByRole('definition').filter({ hasText: 'Customer' }).waitFor();
    const since = adminRealtimeFrames.length;

    const demoAdmin = await openPage();
    await signInAsAdmin(demoAdmin);
    const [order] = (await pendingOrdersOf(env, alice.email, 1)) as [PendingOrder];
    await transitionElsewhere(env, await accessTokenOf(demoAdmin), order, 'CONFIRMED');
    // Her own new order's event comes after it on the same socket: once that is in, so would it be.
    const ownOrderId = await placeOrderElsewhere(env, await accessTokenOf(admin));
    await expect
      .poll(() => adminRealtimeFrames.slice(since).some((frame) => frame.includes(ownOrderId)))
      .toBe(true);
    expect(adminRealtimeFrames.slice(since).filter((frame) => frame.includes(order.id))).toEqual([]);
  });

  it('given the tests above, when they ran, then no page logged an error', () => {
    expect(pageErrors.flat()).toEqual([]);
  });
});

/** What the page's realtime sockets receive, from now on. */
function recordRealtimeFrames(page: Page): string[] {
  const frames: string[] = [];
  page.on('websocket', (socket) => {
    if (socket.url().endsWith('/graphql/realtime'))
      socket.on('framereceived', (frame) => frames.push(String(frame.payload)));
  });
  return frames;
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^Account: / }).click(); // sign-out is in the user menu
  const signOutButton = page.getByRole('button', { name: 'Sign out' });
  await signOutButton.click();
  await signOutButton.waitFor({ state: 'detached' });
}

/**
 * A confirmed user put in ADMINS the way an operator would, with AdminAddUserToGroup against the
 * local Cognito's AWS API, signed with the local operator's keys.
 */
async function createAdminWithoutTotp(env: BrowserCloud, account: { email: string; password: string }) {
  const cognito = new CognitoIdentityProviderClient({
    endpoint: `${env.cloud.internalUrl}${SERVICE_PATHS.cognito}`,
    region: LOCAL_REGION,
    credentials: env.cloud.operatorCredentials,
  });
  const user = { ClientId: LOCAL_USER_POOL_CLIENT_ID, Username: account.email };
  await cognito.send(new SignUpCommand({ ...user, Password: account.password }));
  const code = env.cloud.mail.latestCode(account.email);
  await cognito.send(new ConfirmSignUpCommand({ ...user, ConfirmationCode: code }));
  await cognito.send(
    new AdminAddUserToGroupCommand({
      UserPoolId: LOCAL_USER_POOL_ID,
      Username: account.email,
      GroupName: ADMINS_GROUP,
    }),
  );
  cognito.destroy();
}
