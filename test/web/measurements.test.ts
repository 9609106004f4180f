import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMs, formatPerDay } from '../../src/web/format.js';
import { formatSpeedup } from '../../src/web/screens/measurement-fields.js';
import type { TestApi } from '../api/api-harness.js';
import { call } from '../api/api-harness.js';
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
  watchedPage,
} from './dashboard-harness.js';

interface Measurement {
  id: number;
  verdict: string;
  reason: string;
  recommendationId: string | null;
  speedup: { estimate: number; low: number; high: number } | null;
  savedMsPerDay: number | null;
  expectation: { estimatedSavingsMsPerDay: number } | null;
  fingerprints: { fingerprint: string; before: { p50Ms: number | null; p75Ms: number | null } }[];
}

const DAY_MS = 86_400_000;

/**
 * Did it help: a measurement made the way a user makes one — a recommendation marked applied halfway
 * through the collected days, then verified through the API — shown with the API's verdict and numbers.
 */
describe('dashboard measurements', () => {
  let test: TestStore;
  let server: TestApi;
  let browser: Browser;
  let measurement: Measurement;
  beforeAll(async () => {
    test = await testBackends()[0]!.fresh();
    await fillFromSimulator(test.store, { jobs: 800, days: 14 });
    server = await serveDashboard(test.store);
    browser = await launchBrowser();
    const clusters = await apiJson<{ items: { newestJobAt: string }[] }>(server.url, '/api/v1/clusters');
    const recommendations = await apiJson<{ items: { id: string; jobIds: string[] }[] }>(
      server.url,
      '/api/v1/recommendations?status=pending&limit=50',
    );
    // The one resting on the most runs: both sides of the change have runs to compare.
    const chosen = [...recommendations.items].sort((a, b) => b.jobIds.length - a.jobIds.length)[0]!;
    const at = new Date(Date.parse(clusters.items[0]!.newestJobAt) - 7 * DAY_MS).toISOString();
    const applied = await call(
      server.url,
      `/api/v1/recommendations/${encodeURIComponent(chosen.id)}/applied`,
      {
        key: KEYS.writer,
        json: { at, reason: 'applied by hand in the test' },
      },
    );
    expect(applied.status, applied.text).toBe(200);
    const verified = await call(
      server.url,
      `/api/v1/recommendations/${encodeURIComponent(chosen.id)}/verify`,
      {
        key: KEYS.writer,
        json: {},
      },
    );
    expect(verified.status, verified.text).toBe(200);
    const list = await apiJson<{ items: Measurement[] }>(server.url, '/api/v1/measurements?limit=25');
    expect(list.items.length).toBe(1);
    measurement = list.items[0]!;
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await test?.dispose();
  });

  it('lists the measurement with its verdict, speedup, estimate and measured saving; the verdict filter is in the URL', async () => {
    const { page, problems } = await watchedPage(browser);
    await signIn(page, server.url, KEYS.reader, '/measurements');
    await settled(page);
    const row = page
      .getByRole('table', { name: /Measured changes/ })
      .getByRole('row')
      .nth(1);
    const cells = await row.getByRole('cell').allTextContents();
    expect(cells[1]).toBe(measurement.verdict);
    expect(cells[3]).toBe(formatSpeedup(measurement.speedup));
    expect(cells[4]).toBe(formatPerDay(measurement.expectation?.estimatedSavingsMsPerDay));
    expect(cells[5]).toBe(formatPerDay(measurement.savedMsPerDay));
    await expectAccessible(page, 'measurements');
    await screenshot(page, 'measurements');

    const other = ['verified', 'no-effect', 'regressed', 'inconclusive'].find(
      (v) => v !== measurement.verdict,
    )!;
    await page.getByLabel('Verdict').selectOption(other);
    await expect.poll(() => new URL(page.url()).searchParams.get('verdict')).toBe(other);
    await expect.poll(() => page.getByText(`No measurement with the verdict ${other}.`).count()).toBe(1);
    await page.getByLabel('Verdict').selectOption(measurement.verdict);
    await expect
      .poll(() =>
        page
          .getByRole('table', { name: /Measured changes/ })
          .getByRole('row')
          .count(),
      )
      .toBe(2);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('a measurement page shows the verdict with its interval, estimate vs measured, and each shape before/after', async () => {
    const detail = await apiJson<Measurement>(server.url, `/api/v1/measurements/${measurement.id}`);
    const { page, problems } = await watchedPage(browser, { colorScheme: 'dark' });
    await signIn(page, server.url, KEYS.reader, '/measurements');
    await settled(page);
    await page
      .getByRole('table', { name: /Measured changes/ })
      .getByRole('row')
      .nth(1)
      .getByRole('link')
      .first()
      .click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Measurement');
    await settled(page);
    expect(await page.getByRole('heading', { name: /^Verdict:/ }).textContent()).toBe(
      `Verdict: ${detail.verdict}`,
    );
    expect(await page.locator('#verdict-reason').textContent()).toBe(detail.reason);
    expect(await page.locator('#card-speedup .value').textContent()).toBe(formatSpeedup(detail.speedup));
    expect(await page.locator('#card-estimated .value').textContent()).toBe(
      formatPerDay(detail.expectation?.estimatedSavingsMsPerDay),
    );
    expect(await page.locator('#card-measured .value').textContent()).toBe(
      formatPerDay(detail.savedMsPerDay),
    );
    expect(await page.locator('ul.qbars > li').count()).toBe(detail.fingerprints.length);
    // Box-style bars from the kept quantiles: the first shape's before median and p75 as the API has them.
    const first = detail.fingerprints[0]!;
    expect(await page.locator('ul.qbars > li').first().textContent()).toContain(
      `median ${formatMs(first.before.p50Ms)}, p75 ${formatMs(first.before.p75Ms)}`,
    );
    await expectAccessible(page, 'measurement (dark)');
    await screenshot(page, 'measurement-dark');
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
