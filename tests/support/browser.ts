import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/**
 * Browser tests drive a system Chromium or Chrome with playwright-core (Playwright's own browser
 * download cannot work offline). Without one they are skipped and say how to get one, unless
 * REQUIRE_BROWSER=1 (CI), where a missing browser fails the run.
 */
const CANDIDATES = [
  process.env.CHROME_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
].filter((path): path is string => Boolean(path));

export const browserPath = CANDIDATES.find((path) => existsSync(path));

export const MISSING_BROWSER_MESSAGE =
  'No Chromium/Chrome found (looked at CHROME_PATH and the usual install paths). Browser tests are skipped. ' +
  'Install one (Debian/Ubuntu: `sudo apt-get install chromium`) or set CHROME_PATH.';

if (!browserPath) {
  if (process.env.REQUIRE_BROWSER === '1') throw new Error(`REQUIRE_BROWSER=1: ${MISSING_BROWSER_MESSAGE}`);
  console.warn(`[e2e] ${MISSING_BROWSER_MESSAGE}`);
}

/** Chromium's flags for running headless as root, with no calls home on a closed network (also bench:web). */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchBrowser(): Promise<Browser> {
  if (!browserPath) throw new Error(MISSING_BROWSER_MESSAGE);
  return chromium.launch({
    executablePath: browserPath,
    args: CHROMIUM_FLAGS,
  });
}
