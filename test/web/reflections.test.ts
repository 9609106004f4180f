import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCount, formatPerDay } from '../../src/web/format.js';
import type { TestApi } from '../api/api-harness.js';
import { type TestStore, testBackends } from '../support/store-backends.js';
import {
  apiJson,
  expectAccessible,
  fillFromSimulator,
  KEYS,
  launchBrowser,
  screenshot,
  serveDashboard,
  settled,
  signIn,
  type WatchedPage,
  watchedPage,
} from './dashboard-harness.js';

interface Ledger {
  items: {
    reflectionId: string;
    refreshMsPerDay: number;
    savedMsPerDay: number | null;
    netMsPerDay: number | null;
    verdict: string;
  }[];
}
interface Reflections {
  items: { reflectionId: string; failureCount: number | null; lastFailureMessage: string | null }[];
  nextCursor: string | null;
}

/** Does `action` and waits for the API answer it causes (a list keeps its old rows while reloading). */
async function answered(page: Page, urlPart: string, action: () => Promise<unknown>): Promise<void> {
  await Promise.all([
    page.waitForResponse((r) => r.url().includes('/api/v1/') && r.url().includes(urlPart)),
    action(),
  ]);
}

/** Each row's cells as text, for the table with this caption. */
async function rowsOf(page: Page, caption: RegExp): Promise<string[][]> {
  return page
    .getByRole('table', { name: caption })
    .locator('tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
}

/** The reflection ledger and the reflections list on a demo store: the numbers are the API's. */
describe('dashboard reflections', () => {
  let test: TestStore;
  let server: TestApi;
  let browser: Browser;
  let watched: WatchedPage;
  beforeAll(async () => {
    test = await testBackends()[0]!.fresh();
    await fillFromSimulator(test.store, { jobs: 900, days: 10 });
    server = await serveDashboard(test.store);
    browser = await launchBrowser();
    watched = await watchedPage(browser);
    await signIn(watched.page, server.url, KEYS.reader, '/reflections');
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await test?.dispose();
  });

  it('shows the ledger and the reflections with the API numbers', async () => {
    const { page, problems } = watched;
    await settled(page);
    const ledger = await apiJson<Ledger>(server.url, '/api/v1/reflections/ledger');
    expect(ledger.items.length).toBeGreaterThan(0);
    const shown = await rowsOf(page, /Reflection ledger/);
    expect(shown.length).toBe(ledger.items.length);
    shown.forEach((cells, i) => {
      const entry = ledger.items[i]!;
      expect(cells.slice(1, 4), entry.reflectionId).toEqual([
        formatPerDay(entry.refreshMsPerDay),
        formatPerDay(entry.savedMsPerDay),
        formatPerDay(entry.netMsPerDay),
      ]);
      expect(cells[7]).toContain(entry.verdict);
    });

    const list = await apiJson<Reflections>(server.url, '/api/v1/reflections?limit=25');
    const rows = await rowsOf(page, /Reflections by dataset/);
    expect(rows.map((cells) => cells[3])).toEqual(list.items.map((r) => formatCount(r.failureCount)));
    const failing = list.items.findIndex((r) => r.lastFailureMessage !== null);
    if (failing >= 0) expect(rows[failing]![4]).toBe(list.items[failing]!.lastFailureMessage);
    await expectAccessible(page, 'reflections');
    await screenshot(page, 'reflections');
    expect(problems).toEqual([]);
  });

  it('filters the ledger by verdict and window through the URL', async () => {
    const { page, problems } = watched;
    const all = await apiJson<Ledger>(server.url, '/api/v1/reflections/ledger');
    const verdict = all.items[all.items.length - 1]!.verdict;
    await answered(page, 'verdict=', () => page.getByLabel('Verdict').selectOption(verdict));
    await settled(page);
    expect(new URL(page.url()).searchParams.get('verdict')).toBe(verdict);
    const only = await apiJson<Ledger>(server.url, `/api/v1/reflections/ledger?verdict=${verdict}`);
    const shown = await rowsOf(page, /Reflection ledger/);
    expect(shown.length).toBe(only.items.length);
    expect(shown.every((cells) => cells[7]!.includes(verdict))).toBe(true);

    await answered(page, 'days=7', () => page.getByLabel('Jobs looked at').selectOption('7'));
    await settled(page);
    expect(new URL(page.url()).searchParams.get('days')).toBe('7');
    const week = await apiJson<Ledger>(server.url, `/api/v1/reflections/ledger?verdict=${verdict}&days=7`);
    const weekRows = await rowsOf(page, /Reflection ledger/);
    expect(weekRows.map((cells) => cells[1])).toEqual(week.items.map((e) => formatPerDay(e.refreshMsPerDay)));
    await expectAccessible(page, 'reflections filtered');
    expect(problems).toEqual([]);
  });

  it('pages the reflections list on the server', async () => {
    const { page, problems } = watched;
    await page.goto(`${server.url}/reflections`);
    await settled(page);
    const first = await apiJson<Reflections>(server.url, '/api/v1/reflections?limit=25');
    expect(watched.requests.filter((r) => r.startsWith('GET /api/v1/reflections?')).at(-1)).toContain(
      'limit=25',
    );
    if (first.nextCursor === null) {
      expect(await page.getByRole('link', { name: 'Next page' }).count()).toBe(0);
    } else {
      await answered(page, 'cursor=', () => page.getByRole('link', { name: 'Next page' }).click());
      await settled(page);
      const second = await apiJson<Reflections>(
        server.url,
        `/api/v1/reflections?limit=25&cursor=${first.nextCursor}`,
      );
      const rows = await rowsOf(page, /Reflections by dataset/);
      expect(rows.length).toBe(second.items.length);
    }
    expect(problems).toEqual([]);
  });
});
