import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, type TestApi } from '../api/api-harness.js';
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

interface ShapesPage {
  items: { fingerprint: string; normalizedSql: string | null; sharePct: number }[];
  nextCursor: string | null;
}
interface Shape {
  fingerprint: string;
  normalizedSql: string | null;
  sampleSql: string | null;
  days: { day: string }[];
  changePoints: { findingId: string }[];
}

/** Query shapes ranked as the API ranks them, filtered through the URL, and one shape's page. */
describe('dashboard query shapes', () => {
  let test: TestStore;
  let server: TestApi;
  let browser: Browser;
  beforeAll(async () => {
    test = await testBackends()[0]!.fresh();
    // 3000 jobs: enough runs of the simulator's regressing template for the regression detector
    // (20 before, 8 after), as in `demo`.
    await fillFromSimulator(test.store, { jobs: 3000, days: 14 });
    server = await serveDashboard(test.store);
    // Baselines as a user's scheduled run keeps them: the shape page draws the duration band from them.
    const refreshed = await call(server.url, '/api/v1/analysis/baselines/refresh', {
      key: KEYS.writer,
      method: 'POST',
      json: { minRuns: 5 },
    });
    expect(refreshed.status, refreshed.text).toBe(200);
    browser = await launchBrowser();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await test?.dispose();
  });

  it('lists shapes in the API order, one page at a time, and a text filter changes URL and list', async () => {
    const all = await apiJson<ShapesPage>(server.url, '/api/v1/fingerprints?limit=25');
    expect(all.items.length).toBeGreaterThan(3);
    const { page, problems, requests } = await watchedPage(browser);
    await signIn(page, server.url, KEYS.reader, '/shapes');
    await settled(page);
    const table = page.getByRole('table', { name: /Query shapes by share/ });
    const links = table.getByRole('row').getByRole('link');
    const hrefs = await links.evaluateAll((as) =>
      as.map((a) => new URL(a.getAttribute('href') ?? '', 'http://x').pathname),
    );
    expect(hrefs).toEqual(all.items.map((s) => `/shapes/${encodeURIComponent(s.fingerprint)}`));
    expect(requests.filter((r) => r.startsWith('GET /api/v1/fingerprints'))).toEqual([
      'GET /api/v1/fingerprints?limit=25',
    ]);
    if (all.nextCursor !== null) expect(await page.getByRole('link', { name: 'Next page' }).count()).toBe(1);
    await expectAccessible(page, 'query shapes');
    await screenshot(page, 'shapes');

    // A word of the second shape's SQL that the first's lacks: the filtered list must differ.
    const target = all.items.find((s) => s.normalizedSql !== null && s !== all.items[0])!;
    const word = /\b(?:FROM|JOIN)\s+([a-z_][\w.]*)/i.exec(target.normalizedSql!)![1]!;
    const filtered = await apiJson<ShapesPage>(
      server.url,
      `/api/v1/fingerprints?text=${encodeURIComponent(word)}&limit=25`,
    );
    expect(filtered.items.length).toBeLessThan(all.items.length);
    await page.getByLabel('SQL contains').fill(word);
    await page.getByLabel('SQL contains').press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('text')).toBe(word);
    // The previous page stays in view while the filtered one loads: wait for the new rows.
    await expect.poll(() => links.count()).toBe(filtered.items.length);
    expect(
      await links.first().evaluate((a) => new URL(a.getAttribute('href') ?? '', 'http://x').pathname),
    ).toBe(`/shapes/${encodeURIComponent(filtered.items[0]!.fingerprint)}`);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('a shape page shows the duration chart, the normalised SQL and the findings on it', async () => {
    const all = await apiJson<ShapesPage>(server.url, '/api/v1/fingerprints?limit=25');
    const fp = all.items[0]!.fingerprint;
    const shape = await apiJson<Shape>(server.url, `/api/v1/fingerprints/${encodeURIComponent(fp)}`);
    const { page, problems } = await watchedPage(browser);
    await signIn(page, server.url, KEYS.reader, '/shapes');
    await settled(page);
    await page
      .getByRole('table', { name: /Query shapes by share/ })
      .getByRole('link')
      .first()
      .click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Query shape');
    await settled(page);
    expect(await page.getByRole('img', { name: /Daily p50 and p95 duration/ }).count()).toBe(1);
    expect(await page.getByRole('img', { name: /Runs per day/ }).count()).toBe(1);
    expect(await page.locator('.chart canvas').count()).toBeGreaterThan(1);
    expect(shape.normalizedSql ?? shape.sampleSql).not.toBeNull();
    expect(await page.locator('pre.sql').textContent()).toBe(shape.normalizedSql ?? shape.sampleSql);
    expect(await page.locator('ul.change-points li').count()).toBe(shape.changePoints.length);
    await page.getByText('Numbers per day').click();
    expect(
      await page.getByRole('table', { name: 'Runs and durations per day' }).getByRole('row').count(),
    ).toBe(shape.days.length + 1);
    await expectAccessible(page, 'query shape');
    await screenshot(page, 'shape');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('a shape with a regression marks its change point and draws its baseline band', async () => {
    const regressions = await apiJson<{
      items: { id: string; subjectKey: string; subject: { fingerprint?: string } }[];
    }>(server.url, '/api/v1/findings?detector=regression&limit=1');
    const finding = regressions.items[0];
    expect(finding, 'the simulated workload regresses one template').toBeDefined();
    const fp = finding!.subject.fingerprint ?? finding!.subjectKey.replace(/^fingerprint:/, '');
    const shape = await apiJson<Shape & { baselines: { metric: string; p50: number | null }[] }>(
      server.url,
      `/api/v1/fingerprints/${encodeURIComponent(fp)}`,
    );
    expect(shape.changePoints.map((c) => c.findingId)).toContain(finding!.id);
    expect(shape.baselines.some((b) => b.metric === 'duration_ms' && b.p50 !== null)).toBe(true);
    const { page, problems } = await watchedPage(browser);
    await signIn(page, server.url, KEYS.reader, `/shapes/${encodeURIComponent(fp)}`);
    await settled(page);
    expect(await page.locator('ul.change-points li').count()).toBe(shape.changePoints.length);
    expect(await page.getByRole('img', { name: /against the baseline band/ }).count()).toBe(1);
    expect(await page.getByText(/the shaded band/).count()).toBe(1);
    await screenshot(page, 'shape-regressed');
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
