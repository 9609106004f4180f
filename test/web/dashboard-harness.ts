import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import axe from 'axe-core';
import { type Browser, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { buildWeb } from '../../scripts/build-web.mjs';
import { DEMO_CLUSTER, runDemo } from '../../src/demo/demo-service.js';
import type { Store } from '../../src/store/index.js';
import { call, KEYS, startTestApi, type TestApi } from '../api/api-harness.js';
import { silentLogger } from '../support/sim-app.js';

export { KEYS };
export const CLUSTER = DEMO_CLUSTER;

/** Debian's Chromium (`apt-get install chromium`; .ci/run installs it); never a browser download. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where every browser test writes its screenshots: named in the README for reviewers. */
export const SCREENSHOTS = join(process.cwd(), '.test-results', 'screenshots');

let built: Promise<string> | undefined;
/** The dashboard bundled from the current source, once per test file. */
export function builtDashboard(): Promise<string> {
  built ??= buildWeb(mkdtempSync(join(tmpdir(), 'do-web-')));
  return built;
}

/**
 * A store filled as a user's would be after `demo`: the simulator's workload collected over HTTP,
 * analysed, recommended and measured (one pipeline cycle).
 */
export async function fillFromSimulator(
  store: Store,
  options: { jobs?: number; days?: number; seed?: number } = {},
): Promise<void> {
  await runDemo(
    { store, logger: silentLogger },
    {
      flavor: 'software-25.1',
      seed: options.seed ?? 1,
      jobs: options.jobs ?? 1500,
      days: options.days ?? 14,
      profileBudget: 150,
    },
  );
}

/** `serve` on the store, with the test keys (reader: read; writer: read+write; admin: all scopes). */
export async function serveDashboard(store: Store, env: Record<string, string> = {}): Promise<TestApi> {
  return startTestApi({
    store,
    webDir: await builtDashboard(),
    env: { API_RATE_LIMIT_PER_MINUTE: '100000', ...env },
  });
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `no Chromium at ${CHROMIUM}: install Debian's package (apt-get install chromium) or set CHROMIUM_PATH`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

export interface WatchedPage {
  readonly page: Page;
  /** Console errors, uncaught exceptions and failed or refused requests, each described. */
  readonly problems: string[];
  /** Every API request the page made (method and path with query). */
  readonly requests: string[];
}

/**
 * A page at 1280×800 that records what a reviewer would call broken: console errors, page errors,
 * requests that failed or answered ≥ 400 (those a test expects are passed in `expected`).
 */
export async function watchedPage(
  browser: Browser,
  options: { colorScheme?: 'light' | 'dark'; expected?: (status: number, url: string) => boolean } = {},
): Promise<WatchedPage> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    colorScheme: options.colorScheme ?? 'light',
  });
  const page = await context.newPage();
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    // The browser's own line for a refused request the test expects (its URL is in location()).
    const status = /status of (\d+)/.exec(message.text())?.[1];
    if (status !== undefined && options.expected?.(Number(status), message.location().url) === true) return;
    problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) =>
    problems.push(`request failed: ${request.method()} ${request.url()} (${request.failure()?.errorText})`),
  );
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith('/api/')) requests.push(`${request.method()} ${url.pathname}${url.search}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400 && options.expected?.(response.status(), response.url()) !== true)
      problems.push(`HTTP ${response.status()}: ${response.request().method()} ${response.url()}`);
  });
  return { page, problems, requests };
}

/** Signs in through the form, as a user does; the key is then in this tab's session only. */
export async function signIn(page: Page, baseUrl: string, key: string, path = '/'): Promise<void> {
  await page.goto(`${baseUrl}${path}`);
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Screens' }).waitFor();
}

/** Waits until no "Loading …" status is left on the page and the network is quiet. */
export async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  // Requests a filter change starts after the page loaded: the page counts them on <html data-busy>.
  await page.locator('html:not([data-busy])').waitFor({ state: 'attached' });
  await expect.poll(() => page.getByRole('status').filter({ hasText: 'Loading' }).count()).toBe(0);
}

/** axe-core on the page as it is: no serious or critical violation. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  // Evaluated through the devtools protocol, which the page's strict CSP (no inline script) allows.
  await page.evaluate(axe.source);
  const violations: string[] = await page.evaluate(`
    axe.run(document, { resultTypes: ['violations'] }).then((result) =>
      result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => v.impact + ' ' + v.id + ': ' + v.help + ' (' + v.nodes.map((n) => n.target.join(' ')).join('; ') + ')'))
  `);
  expect(violations, `accessibility of ${screen}`).toEqual([]);
}

/** A full-page screenshot under SCREENSHOTS, named by screen and theme. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** The API's answer for the same store, with a key of every scope: what the page must show. */
export async function apiJson<T>(baseUrl: string, path: string): Promise<T> {
  const answer = await call(baseUrl, path, { key: KEYS.admin });
  expect(answer.status, `${path}: ${answer.text}`).toBe(200);
  return answer.body as T;
}
