import * as chromeLauncher from 'chrome-launcher';
import lighthouse, { desktopConfig } from 'lighthouse';
import { browserPath, CHROMIUM_FLAGS, MISSING_BROWSER_MESSAGE } from '../../tests/support/browser.ts';

export const LIGHTHOUSE_CATEGORIES = ['performance', 'accessibility', 'best-practices'] as const;
export type LighthouseCategory = (typeof LIGHTHOUSE_CATEGORIES)[number];

export interface LighthouseRun {
  /** 0-100 per category. */
  scores: Record<LighthouseCategory, number>;
  /** Lab metrics in ms (CLS unitless). */
  metrics: { fcp: number; lcp: number; tbt: number; cls: number };
  /** Titles of the audits that failed, per category other than performance. */
  failures: string[];
}

export interface LighthouseSession {
  run(url: string): Promise<LighthouseRun>;
  close(): Promise<void>;
}

// A loaded machine sometimes loses the trace (NO_NAVSTART, NO_FCP): such a run is retried, and said.
const MAX_ATTEMPTS = 3;

/** One headless Chromium (the e2e tests' binary and flags) for all Lighthouse runs, desktop preset. */
export async function startLighthouse(): Promise<LighthouseSession> {
  if (!browserPath) throw new Error(MISSING_BROWSER_MESSAGE);
  const chrome = await chromeLauncher.launch({ chromePath: browserPath, chromeFlags: CHROMIUM_FLAGS });
  const runOnce = async (url: string): Promise<LighthouseRun | string> => {
    const result = await lighthouse(
      url,
      { port: chrome.port, logLevel: 'error', onlyCategories: [...LIGHTHOUSE_CATEGORIES] },
      desktopConfig,
    );
    if (!result) throw new Error(`Lighthouse returned no result for ${url}`);
    const { categories, audits, runtimeError } = result.lhr;
    if (runtimeError) return `${runtimeError.code}: ${runtimeError.message}`;
    const score = (category: LighthouseCategory) => Math.round((categories[category]?.score ?? 0) * 100);
    const metric = (id: string) => audits[id]?.numericValue ?? Number.NaN;
    const failures = LIGHTHOUSE_CATEGORIES.filter((category) => category !== 'performance').flatMap(
      (category) =>
        (categories[category]?.auditRefs ?? [])
          .filter((ref) => ref.weight > 0 && audits[ref.id]?.score !== null && audits[ref.id]?.score !== 1)
          .map((ref) => `${category}: ${audits[ref.id]?.title ?? ref.id}`),
    );
    return {
      scores: {
        performance: score('performance'),
        accessibility: score('accessibility'),
        'best-practices': score('best-practices'),
      },
      metrics: {
        fcp: metric('first-contentful-paint'),
        lcp: metric('largest-contentful-paint'),
        tbt: metric('total-blocking-time'),
        cls: metric('cumulative-layout-shift'),
      },
      failures,
    };
  };
  return {
    async run(url) {
      for (let attempt = 1; ; attempt++) {
        const outcome = await runOnce(url);
        if (typeof outcome !== 'string') return outcome;
        if (attempt === MAX_ATTEMPTS)
          throw new Error(`Lighthouse on ${url} failed ${attempt} times: ${outcome}`);
        console.log(`  Lighthouse on ${url} failed (${outcome}); running it again`);
      }
    },
    async close() {
      chrome.kill();
    },
  };
}
