import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TOTP } from 'otpauth';
import pg from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_ADMIN, type DemoAccount, demoTotp } from '../../local-cloud/demo-accounts.ts';
import { type LocalCloud, startLocalCloud } from '../../local-cloud/local-cloud.ts';
import type { LocalEmail } from '../../local-cloud/mail/mail-store.ts';
import { launchBrowser } from './browser.ts';

export const SCREENSHOTS = 'test-results/screenshots';

export interface BrowserCloud {
  cloud: LocalCloud;
  browser: Browser;
  /** A fresh browser profile on the local cloud's origin, as a user who accepted its certificate. */
  newContext(options?: { colorScheme?: 'light' | 'dark'; width?: number }): Promise<BrowserContext>;
  stop(): Promise<void>;
}

/**
 * What `npm start` runs, on free ports, its own state folder and its own outputs file, so a test run
 * never touches the developer's running app: the same Vite-served SPA, local Cognito, AppSync, HTTP
 * API and embedded PostgreSQL.
 */
export async function startBrowserCloud(): Promise<BrowserCloud> {
  const stateDir = mkdtempSync(join(tmpdir(), 'so-e2e-'));
  const outputsFile = join(stateDir, 'amplify_outputs.json');
  // vite.config.ts resolves the SPA's `amplify-outputs` import from this variable.
  process.env.AMPLIFY_OUTPUTS_FILE = outputsFile;
  const cloud = await startLocalCloud({
    stateDir,
    httpsPort: 0,
    httpPort: 0,
    databasePort: 0,
    spa: true,
    outputsFile,
    log: () => {},
  });
  const browser = await launchBrowser();
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    cloud,
    browser,
    newContext: ({ colorScheme = 'light', width = 1280 } = {}) =>
      browser.newContext({
        baseURL: cloud.origin,
        ignoreHTTPSErrors: true,
        // Dates and amounts are shown in the reader's locale: the tests read them as en-US.
        locale: 'en-US',
        colorScheme,
        viewport: { width, height: width < 600 ? 740 : 900 },
      }),
    async stop() {
      await browser.close();
      await cloud.stop();
      delete process.env.AMPLIFY_OUTPUTS_FILE;
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/** Fails a test on anything the page logs as an error, such as a request the CSP refused. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/** Reads the local mail viewer's JSON as the developer does: through the banner's link (its token). */
export async function mailTo(page: Page, cloud: LocalCloud, address: string): Promise<LocalEmail[]> {
  await page.request.get(cloud.mailViewerUrl); // sets the viewer's cookie in this browser context
  const response = await page.request.get('/mail/messages.json');
  const messages = (await response.json()) as LocalEmail[];
  return messages.filter((message) => message.to.includes(address));
}

export async function signIn(page: Page, account: Pick<DemoAccount, 'email' | 'password'>): Promise<void> {
  await page.goto('/sign-in');
  await fillSignIn(page, account);
}

/** Fills and sends the sign-in form the page shows (at /sign-in, or where a redirect left it). */
export async function fillSignIn(
  page: Page,
  account: Pick<DemoAccount, 'email' | 'password'>,
): Promise<void> {
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** Answers the TOTP challenge with the demo admin's current code. */
export async function answerTotpChallenge(page: Page): Promise<void> {
  await page.getByRole('heading', { level: 1, name: 'Enter your sign-in code' }).waitFor();
  const code = page.getByRole('textbox', { name: /^Code/ });
  await code.fill(await unusedTotpCode(demoTotp(DEMO_ADMIN)));
  await page.getByRole('button', { name: 'Confirm', exact: true }).click();
}

/** The demo admin signs in with the current TOTP code from the enrolled authenticator secret. */
export async function signInAsAdmin(page: Page): Promise<void> {
  await signIn(page, DEMO_ADMIN);
  await answerTotpChallenge(page);
  await page.getByRole('heading', { name: 'All orders' }).waitFor();
}

/** Presses an order action's button on the order page and confirms it in the dialog that asks. */
export async function confirmOrderAction(page: Page, button: string, confirm: string): Promise<void> {
  await page.getByRole('button', { name: button, exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: confirm, exact: true }).click();
}

const lastStepUsed = new Map<string, number>();

/**
 * The authenticator's code for a 30 s step this test run has not used yet: Cognito, and the local
 * one, refuse a code whose step was already accepted, so a second code may have to wait for the next.
 */
export async function unusedTotpCode(totp: TOTP): Promise<string> {
  const secret = totp.secret.base32;
  const used = lastStepUsed.get(secret) ?? -1;
  while (totp.counter() <= used) await new Promise((resolve) => setTimeout(resolve, 500));
  const step = totp.counter();
  lastStepUsed.set(secret, step);
  return totp.generate({ timestamp: step * totp.period * 1000 });
}

/** The Cognito access token the page's Amplify session holds (the SPA keeps it in sessionStorage). */
export function accessTokenOf(page: Page): Promise<string> {
  return page.evaluate(() => {
    const key = Object.keys(sessionStorage).find((name) => name.endsWith('.accessToken'));
    const token = key ? sessionStorage.getItem(key) : null;
    if (!token) throw new Error('the page holds no access token');
    return token;
  });
}

export interface PendingOrder {
  id: string;
  version: number;
}

/** Reads the local cloud's database directly: the ground truth the pages are checked against. */
export async function queryDatabase<Row extends pg.QueryResultRow>(
  env: Pick<BrowserCloud, 'cloud'>,
  text: string,
  values: unknown[] = [],
): Promise<pg.QueryResult<Row>> {
  const database = new pg.Client({ connectionString: env.cloud.databaseUrl });
  await database.connect();
  return database.query<Row>(text, values).finally(() => database.end());
}

/** A customer's newest PENDING orders from the seed, read from the database. */
export async function pendingOrdersOf(
  env: BrowserCloud,
  email: string,
  count: number,
): Promise<PendingOrder[]> {
  const { rows } = await queryDatabase<PendingOrder>(
    env,
    `SELECT id, version FROM orders WHERE owner_email = $1 AND status = 'PENDING'
      ORDER BY created_at DESC LIMIT $2`,
    [email, count],
  );
  if (rows.length < count) throw new Error(`the seed gave ${email} fewer than ${count} PENDING orders`);
  return rows;
}

/** A command to the HTTP API with a user's access token, from outside the pages under test. */
async function commandElsewhere(
  env: BrowserCloud,
  accessToken: string,
  path: string,
  body: object,
  headers: Record<string, string> = {},
): Promise<{ id: string }> {
  const response = await fetch(`${env.cloud.internalUrl}/api${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const answer = await response.text();
  if (!response.ok) throw new Error(`POST ${path} refused: ${response.status} ${answer}`);
  await env.cloud.drain(); // its event has gone out to every subscriber it can reach
  return JSON.parse(answer) as { id: string };
}

/** Moves an order as an admin would from another tab. */
export async function transitionElsewhere(
  env: BrowserCloud,
  adminAccessToken: string,
  order: PendingOrder,
  to: string,
): Promise<void> {
  await commandElsewhere(env, adminAccessToken, `/orders/${order.id}/transitions`, {
    to,
    expectedVersion: order.version,
  });
}

/** Places a one-item order as the token's user would from another tab; answers its id. */
export async function placeOrderElsewhere(env: BrowserCloud, accessToken: string): Promise<string> {
  const { rows } = await queryDatabase<{ id: string }>(
    env,
    'SELECT id FROM products WHERE active ORDER BY sku LIMIT 1',
  );
  const order = await commandElsewhere(
    env,
    accessToken,
    '/orders',
    { currency: 'USD', items: [{ productId: rows[0]?.id, quantity: 1 }] },
    { 'idempotency-key': randomUUID() },
  );
  return order.id;
}
