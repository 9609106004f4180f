import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatPerDay } from '../../src/web/format.js';
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
  watchedPage,
} from './dashboard-harness.js';

interface Summary {
  findings: { open: number; timeAtStakeMsPerDay: number };
  recommendations: { pendingNetBenefitMsPerDay: number };
}
interface MeasuredSummary {
  timeSavedMsPerDay: number;
}
interface FindingsPage {
  items: { id: string; title: string }[];
}
interface RecommendationsPage {
  items: { id: string; title: string; status: string }[];
}
interface Changes {
  items: { counts: { new: number; resolved: number; regressed: number } }[];
}

/**
 * The landing page answers the morning questions with the API's own numbers, on both stores: time at
 * stake, open findings, the offer, the measured saving, the top finding and recommendation, what changed.
 */
describe.each(testBackends())('dashboard overview [$name]', (backend) => {
  let test: TestStore;
  let server: TestApi;
  let browser: Browser;
  beforeAll(async () => {
    test = await backend.fresh();
    await fillFromSimulator(test.store, { jobs: 800, days: 14 });
    server = await serveDashboard(test.store);
    browser = await launchBrowser();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await test?.dispose();
  });

  it('shows the API numbers, the top finding and recommendation, changes and collection health', async () => {
    const summary = await apiJson<Summary>(server.url, '/api/v1/metrics/summary');
    const measured = await apiJson<MeasuredSummary>(server.url, '/api/v1/measurements/summary');
    const findings = await apiJson<FindingsPage>(server.url, '/api/v1/findings?status=open&limit=5');
    const recommendations = await apiJson<RecommendationsPage>(server.url, '/api/v1/recommendations?limit=5');
    const changes = await apiJson<Changes>(server.url, '/api/v1/analysis/changes?limit=5');
    expect(summary.findings.open).toBeGreaterThan(0);
    expect(findings.items.length).toBeGreaterThan(0);
    expect(recommendations.items.length).toBeGreaterThan(0);

    const { page, problems, requests } = await watchedPage(browser);
    await signIn(page, server.url, KEYS.reader);
    await settled(page);
    const card = (id: string) => page.locator(`#${id} .value`).textContent();
    expect(await card('card-at-stake')).toBe(formatPerDay(summary.findings.timeAtStakeMsPerDay));
    expect(await card('card-open-findings')).toBe(summary.findings.open.toLocaleString('en-US'));
    expect(await card('card-pending-saving')).toBe(
      formatPerDay(summary.recommendations.pendingNetBenefitMsPerDay),
    );
    expect(await card('card-measured')).toBe(formatPerDay(measured.timeSavedMsPerDay));

    const topFindings = page.getByRole('table', { name: 'The open findings with the most time at stake' });
    const firstFinding = topFindings.getByRole('row').nth(1).getByRole('link');
    expect(await firstFinding.textContent()).toBe(findings.items[0]!.title);
    expect(await firstFinding.getAttribute('href')).toBe(
      `/findings/${encodeURIComponent(findings.items[0]!.id)}`,
    );
    expect(await topFindings.getByRole('row').count()).toBe(findings.items.length + 1);

    const topRecommendations = page.getByRole('table', {
      name: 'The recommendations with the largest net saving',
    });
    const firstRecommendation = topRecommendations.getByRole('row').nth(1);
    expect(await firstRecommendation.getByRole('link').textContent()).toBe(recommendations.items[0]!.title);
    expect(await firstRecommendation.textContent()).toContain(recommendations.items[0]!.status);

    const counts = changes.items[0]!.counts;
    const changeCounts = await page.locator('.change-count').allTextContents();
    expect(changeCounts).toEqual(
      [counts.new, counts.regressed, counts.resolved].map((n) => n.toLocaleString('en-US')),
    );

    await expect.poll(() => page.getByRole('img', { name: /Time at stake per day/ }).count()).toBe(1);
    expect(await page.locator('.chart canvas').count()).toBeGreaterThan(0);
    const health = page.getByRole('table', { name: /newest collection run/ });
    const clusters = await apiJson<{ items: { lastCollection: { status: string } | null }[] }>(
      server.url,
      '/api/v1/clusters',
    );
    expect(clusters.items[0]!.lastCollection).not.toBeNull();
    expect(await health.getByRole('row').nth(1).textContent()).toContain(
      clusters.items[0]!.lastCollection!.status,
    );

    // One page of each list, never more than it shows.
    expect(
      requests.filter((r) => r.startsWith('GET /api/v1/findings?')).every((r) => r.includes('limit=5')),
    ).toBe(true);
    await expectAccessible(page, 'overview (light)');
    await screenshot(page, `overview-${backend.name}`);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('reads in dark, and the top finding opens its page', async () => {
    const { page, problems } = await watchedPage(browser, { colorScheme: 'dark' });
    await signIn(page, server.url, KEYS.reader);
    await settled(page);
    await expectAccessible(page, 'overview (dark)');
    await screenshot(page, `overview-dark-${backend.name}`);
    await page
      .getByRole('table', { name: 'The open findings with the most time at stake' })
      .getByRole('row')
      .nth(1)
      .getByRole('link')
      .click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Finding');
    expect(new URL(page.url()).pathname).toMatch(/^\/findings\/.+/);
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
