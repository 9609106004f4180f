import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { operations } from '../../src/api/openapi-types.js';
import { startSimulator } from '../../src/simulator/index.js';
import { formatPct, formatPerDay } from '../../src/web/format.js';
import { call, type TestApi } from '../api/api-harness.js';
import { type TestStore, testBackends } from '../support/store-backends.js';
import {
  apiJson,
  CLUSTER,
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

type RecommendationList = operations['recommendations.list']['responses'][200]['content']['application/json'];
type Recommendation = operations['recommendations.get']['responses'][200]['content']['application/json'];
type Measurement = operations['measurements.get']['responses'][200]['content']['application/json'];

/** The page's first table: one object per row, by column header. */
async function tableRows(page: Page): Promise<Record<string, string>[]> {
  return page
    .locator('main table')
    .first()
    .evaluate((table) => {
      const headers = [...table.querySelectorAll('thead th')].map((th) => th.textContent?.trim() ?? '');
      return [...table.querySelectorAll('tbody tr')].map((tr) =>
        Object.fromEntries(
          [...tr.querySelectorAll('td')].map((td, i) => [headers[i], td.textContent?.trim() ?? '']),
        ),
      );
    });
}

/** The status badge right under the recommendation's title. */
const statusShown = (page: Page) => page.locator('main h2 + p .badge').first().textContent();

/**
 * The recommendations screens on a store filled by the demo pipeline, served with the simulator as the
 * Dremio to apply to (a second simulator of the same flavor and seed: the same catalog).
 */
describe('recommendations screens', () => {
  let sim: Awaited<ReturnType<typeof startSimulator>>;
  let test: TestStore;
  let server: TestApi;
  let browser: Browser;
  let all: RecommendationList;
  beforeAll(async () => {
    test = await testBackends()[0]!.fresh();
    await fillFromSimulator(test.store, { jobs: 1000 });
    sim = await startSimulator({ flavor: 'software-25.1', seed: 1, jobs: 100, days: 1, port: 0 });
    server = await serveDashboard(test.store, {
      DREMIO_URL: sim.url,
      DREMIO_USERNAME: sim.credentials.userName,
      DREMIO_PASSWORD: sim.credentials.password,
    });
    browser = await launchBrowser();
    all = await apiJson<RecommendationList>(server.url, '/api/v1/recommendations?limit=25');
    expect(all.items.filter((r) => r.sql !== null).length, 'the demo recommended statements').toBeGreaterThan(
      2,
    );
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await test?.dispose();
    await sim?.stop();
  });

  it('lists by net saving as the API does, with its numbers; a kind filter changes the URL and the list', async () => {
    const { page, problems, requests } = await watchedPage(browser);
    await signIn(page, server.url, KEYS.reader, '/recommendations');
    await settled(page);
    const rows = await tableRows(page);
    expect(rows.map((r) => r.Recommendation)).toEqual(all.items.map((r) => r.title));
    const top = all.items[0]!;
    expect(rows[0]).toMatchObject({
      Kind: top.kind,
      'Net saving': formatPerDay(top.netBenefitMsPerDay),
      'Estimated saving': formatPerDay(top.estimatedSavingsMsPerDay),
      Confidence: formatPct(top.confidence * 100, 0),
      Status: top.status,
    });
    expect(requests.filter((r) => r.startsWith('GET /api/v1/recommendations'))).toEqual([
      'GET /api/v1/recommendations?limit=25',
    ]);
    await expectAccessible(page, 'recommendations');
    await screenshot(page, 'recommendations');

    const kind = all.items.find((r) => r.sql !== null)!.kind;
    const expected = await apiJson<RecommendationList>(
      server.url,
      `/api/v1/recommendations?limit=25&kind=${kind}`,
    );
    expect(expected.items.length).toBeLessThan(all.items.length);
    await page.getByLabel('Kind').selectOption(kind);
    await expect.poll(() => new URL(page.url()).searchParams.get('kind')).toBe(kind);
    // The previous list stays up until the new one arrives (no Loading line to wait for): poll the rows.
    await expect
      .poll(async () => (await tableRows(page)).map((r) => r.Recommendation))
      .toEqual(expected.items.map((r) => r.title));
    await settled(page);
    expect(requests).toContain(`GET /api/v1/recommendations?limit=25&kind=${kind}`);
    const filtered = await tableRows(page);
    expect(new Set(filtered.map((r) => r.Kind))).toEqual(new Set([kind]));
    await expectAccessible(page, `recommendations, kind ${kind}`);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('a recommendation page shows its exact SQL, costs and lifecycle; a reader sees no action', async () => {
    const withSql = all.items.find((r) => r.sql !== null)!;
    const rec = await apiJson<Recommendation>(
      server.url,
      `/api/v1/recommendations/${withSql.id}?cluster=${CLUSTER}`,
    );
    for (const colorScheme of ['light', 'dark'] as const) {
      const { page, problems } = await watchedPage(browser, { colorScheme });
      await signIn(page, server.url, KEYS.reader, `/recommendations/${rec.id}?cluster=${CLUSTER}`);
      await settled(page);
      expect(await page.locator('pre.statement').textContent()).toBe(rec.sql);
      expect(await page.getByRole('heading', { level: 2 }).first().textContent()).toBe(rec.title);
      const facts = await page.locator('dl.facts').first().textContent();
      expect(facts).toContain(formatPerDay(rec.netBenefitMsPerDay));
      expect(facts).toContain(rec.estimatedCost.basis);
      expect(await tableRows(page)).toHaveLength(rec.history.length);
      for (const name of ['Accept', 'Reject', 'Dismiss', 'Apply on Dremio…'])
        expect(await page.getByRole('button', { name }).count(), name).toBe(0);
      expect(await page.getByText('Changing its status needs a key with the write scope').count()).toBe(1);
      await expectAccessible(page, `recommendation (${colorScheme})`);
      await screenshot(page, colorScheme === 'light' ? 'recommendation' : 'recommendation-dark');
      expect(problems).toEqual([]);
      await page.context().close();
    }
  });

  it('a writer accepts with a reason: after a reload it shows accepted, as the API says; apply is refused', async () => {
    const target = all.items.find(
      (r) => r.sql !== null && r.status === 'pending' && r.kind !== 'optimize-table',
    )!;
    const { page, problems } = await watchedPage(browser, {
      expected: (status, url) => status === 403 && url.endsWith(`/api/v1/recommendations/${target.id}/apply`),
    });
    await signIn(page, server.url, KEYS.writer, `/recommendations/${target.id}?cluster=${CLUSTER}`);
    await settled(page);
    expect(await page.getByRole('button', { name: 'Apply on Dremio…' }).count()).toBe(0);
    expect(await page.getByText('Applying needs a key with the apply scope').count()).toBe(1);
    await page.getByLabel('Reason').fill('agreed in the Monday review');
    await page.getByRole('button', { name: 'Accept', exact: true }).click();
    await expect.poll(() => statusShown(page)).toBe('accepted');
    await page.reload();
    await settled(page);
    expect(await statusShown(page)).toBe('accepted');
    const history = await tableRows(page);
    expect(history.at(-1)).toMatchObject({ Who: 'api:writer', Why: 'agreed in the Monday review' });
    const after = await apiJson<Recommendation>(
      server.url,
      `/api/v1/recommendations/${target.id}?cluster=${CLUSTER}`,
    );
    expect(after.status).toBe('accepted');
    await expectAccessible(page, 'recommendation, accepted');
    await screenshot(page, 'recommendation-accepted');

    // The page has no Apply for this key; asking the API directly with the tab's key is refused.
    const refused = await page.evaluate(
      async ({ id, cluster }) => {
        // Runs in the page: the tab's own key, as any script of the page could send it.
        const storage = (
          globalThis as unknown as { sessionStorage: { getItem(name: string): string | null } }
        ).sessionStorage;
        const key = storage.getItem('dremio-optimizer.api-key');
        const answer = await fetch(`/api/v1/recommendations/${id}/apply`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ confirm: true, cluster }),
        });
        return answer.status;
      },
      { id: target.id, cluster: CLUSTER },
    );
    expect(refused).toBe(403);
    expect(
      (await apiJson<Recommendation>(server.url, `/api/v1/recommendations/${target.id}?cluster=${CLUSTER}`))
        .status,
    ).toBe('accepted');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('with the apply scope, the confirmation shows the exact statement; confirming applies it on the simulator', async () => {
    const target = all.items.find((r) => r.kind === 'optimize-table' && r.status === 'pending')!;
    expect(target, 'the demo recommended compacting a table').toBeDefined();
    const { page, problems } = await watchedPage(browser);
    await signIn(page, server.url, KEYS.admin, `/recommendations/${target.id}?cluster=${CLUSTER}`);
    await settled(page);
    await page.getByRole('button', { name: 'Apply on Dremio…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Run this statement on Dremio?' });
    await dialog.waitFor();
    expect(await dialog.locator('pre.statement').textContent()).toBe(target.sql);
    await expectAccessible(page, 'recommendation, apply confirmation');
    await screenshot(page, 'recommendation-apply-dialog');

    // Cancel changes nothing.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(
      (await apiJson<Recommendation>(server.url, `/api/v1/recommendations/${target.id}?cluster=${CLUSTER}`))
        .status,
    ).toBe('pending');

    await page.getByRole('button', { name: 'Apply on Dremio…' }).click();
    await dialog.getByRole('button', { name: 'Apply', exact: true }).click();
    await expect.poll(() => statusShown(page), { timeout: 30_000 }).toBe('applied');
    await settled(page);
    const after = await apiJson<Recommendation>(
      server.url,
      `/api/v1/recommendations/${target.id}?cluster=${CLUSTER}`,
    );
    expect(after.status).toBe('applied');
    expect(after.history.map((h) => h.toStatus)).toEqual(['pending', 'accepted', 'applied']);
    const history = await tableRows(page);
    expect(history.map((h) => h.Who)).toEqual(after.history.map((h) => h.actor ?? 'the analysis'));
    expect(history.at(-1)?.Why).toBe(after.history.at(-1)?.reason);
    expect(await page.getByRole('button', { name: 'Apply on Dremio…' }).count()).toBe(0);
    await expectAccessible(page, 'recommendation, applied');
    await screenshot(page, 'recommendation-applied');

    // Measuring records a first (waiting) measurement of the change: the page links it with its verdict.
    const measuring = await call(server.url, '/api/v1/measurements/run', { key: KEYS.writer, json: {} });
    expect(measuring.status, measuring.text).toBe(202);
    await server.api.tasks.idle();
    const measured = await apiJson<Recommendation>(
      server.url,
      `/api/v1/recommendations/${target.id}?cluster=${CLUSTER}`,
    );
    expect(measured.latestMeasurementId, 'the measurement run measured the applied change').not.toBeNull();
    const measurement = await apiJson<Measurement>(
      server.url,
      `/api/v1/measurements/${measured.latestMeasurementId}?cluster=${CLUSTER}`,
    );
    await page.reload();
    await settled(page);
    const link = page.getByRole('link', { name: `Measurement ${measured.latestMeasurementId}` });
    expect(await link.getAttribute('href')).toBe(
      `/measurements/${measured.latestMeasurementId}?cluster=${CLUSTER}`,
    );
    const line = await page.locator('p', { has: link }).textContent();
    expect(line).toContain(measurement.verdict);
    expect(line).toContain(measurement.reason);
    await expectAccessible(page, 'recommendation, measured');
    await screenshot(page, 'recommendation-measured');
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
