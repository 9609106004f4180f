import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { operations } from '../../src/api/openapi-types.js';
import type { TestApi } from '../api/api-harness.js';
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

type FindingList = operations['findings.list']['responses'][200]['content']['application/json'];
type Finding = operations['findings.get']['responses'][200]['content']['application/json'];
type Job = operations['jobs.get']['responses'][200]['content']['application/json'];

/** The page's findings table: one object per row, by column header. */
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

/**
 * The titles the list shows once it shows `expected`: after a filter or page change the previous list
 * stays up until the new one arrives (no Loading line to wait for), so the test polls for the new rows.
 */
async function listShows(page: Page, expected: readonly string[]): Promise<void> {
  await expect.poll(async () => (await tableRows(page)).map((r) => r.Finding)).toEqual(expected);
  await settled(page);
}

/** The findings screens on a store filled by the demo pipeline, in a real browser against `serve`. */
describe('findings screens', () => {
  let test: TestStore;
  let server: TestApi;
  let browser: Browser;
  let all: FindingList;
  beforeAll(async () => {
    test = await testBackends()[0]!.fresh();
    await fillFromSimulator(test.store, { jobs: 1000 });
    server = await serveDashboard(test.store);
    browser = await launchBrowser();
    all = await apiJson<FindingList>(server.url, '/api/v1/findings?limit=25');
    expect(all.items.length, 'the demo produced findings').toBeGreaterThan(3);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await test?.dispose();
  });

  it('lists the API findings in its order, the top title and numbers as the API has them', async () => {
    const { page, problems, requests } = await watchedPage(browser);
    await signIn(page, server.url, KEYS.reader, '/findings');
    await settled(page);
    const rows = await tableRows(page);
    expect(rows.map((r) => r.Finding)).toEqual(all.items.map((f) => f.title));
    const top = all.items[0]!;
    expect(rows[0]).toMatchObject({
      Severity: top.severity,
      Detector: top.detector,
      Subject: top.subjectKey,
      Jobs: String(top.jobCount),
      Status: top.status,
    });
    // The page asks for one page, not the whole list.
    expect(requests.filter((r) => r.startsWith('GET /api/v1/findings'))).toEqual([
      'GET /api/v1/findings?limit=25',
    ]);
    await expectAccessible(page, 'findings');
    await screenshot(page, 'findings');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('a severity filter goes into the URL, the request and the list; the subject filter too', async () => {
    const { page, problems, requests } = await watchedPage(browser, { colorScheme: 'dark' });
    await signIn(page, server.url, KEYS.reader, '/findings');
    await settled(page);
    const severity = all.items[0]!.severity;
    const expected = await apiJson<FindingList>(server.url, `/api/v1/findings?limit=25&severity=${severity}`);
    expect(expected.items.length).toBeLessThan(all.items.length);
    await page.getByLabel('Severity').selectOption(severity);
    await expect.poll(() => new URL(page.url()).searchParams.get('severity')).toBe(severity);
    await listShows(
      page,
      expected.items.map((f) => f.title),
    );
    expect(requests).toContain(`GET /api/v1/findings?limit=25&severity=${severity}`);
    const rows = await tableRows(page);
    expect(new Set(rows.map((r) => r.Severity))).toEqual(new Set([severity]));
    await expectAccessible(page, `findings, severity ${severity} (dark)`);
    await screenshot(page, 'findings-filtered-dark');

    // A shared link opens the same list; the subject filter narrows it on Enter.
    const subject = all.items[0]!.subjectKey.split(':')[1]!.slice(0, 8);
    await page.getByLabel('Subject or title contains').fill(subject);
    await page.getByLabel('Subject or title contains').press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('subject')).toBe(subject);
    const bySubject = await apiJson<FindingList>(
      server.url,
      `/api/v1/findings?limit=25&severity=${severity}&subject=${subject}`,
    );
    await listShows(
      page,
      bySubject.items.map((f) => f.title),
    );
    expect(requests).toContain(`GET /api/v1/findings?limit=25&severity=${severity}&subject=${subject}`);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('pages on the server: Next page follows the API cursor through the URL, First page returns', async () => {
    const first = await apiJson<FindingList>(server.url, '/api/v1/findings?limit=5');
    expect(first.nextCursor).not.toBeNull();
    const second = await apiJson<FindingList>(
      server.url,
      `/api/v1/findings?limit=5&cursor=${encodeURIComponent(first.nextCursor!)}`,
    );
    const { page, problems, requests } = await watchedPage(browser);
    await signIn(page, server.url, KEYS.reader, '/findings?limit=5');
    await settled(page);
    expect((await tableRows(page)).map((r) => r.Finding)).toEqual(first.items.map((f) => f.title));
    await page.getByRole('link', { name: 'Next page' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('cursor')).toBe(first.nextCursor);
    await listShows(
      page,
      second.items.map((f) => f.title),
    );
    // Each page asked for five rows, never the whole list.
    expect(
      requests.filter((r) => r.startsWith('GET /api/v1/findings')).every((r) => r.includes('limit=5')),
    ).toBe(true);
    await expectAccessible(page, 'findings, second page');
    await page.getByRole('link', { name: 'First page' }).click();
    await listShows(
      page,
      first.items.map((f) => f.title),
    );
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('a finding page shows its evidence as stored, its jobs, a profiled job and its recommendations; no waive for a reader', async () => {
    const top = all.items[0]!;
    const finding = await apiJson<Finding>(server.url, `/api/v1/findings/${top.id}?cluster=${CLUSTER}`);
    const { page, problems } = await watchedPage(browser);
    await signIn(page, server.url, KEYS.reader, `/findings/${top.id}?cluster=${CLUSTER}`);
    await settled(page);
    await expect
      .poll(() => page.getByRole('heading', { level: 2 }).first().textContent())
      .toContain(top.title);

    await page.getByText('Raw JSON (evidence as stored)').click();
    const raw = await page.locator('.evidence details pre').textContent();
    expect(JSON.parse(raw ?? 'null')).toEqual(finding.evidence);
    for (const [key, value] of Object.entries(finding.evidence)) {
      if (typeof value === 'number' || typeof value === 'string')
        expect(await page.locator('dl.facts dt', { hasText: key }).count(), key).toBeGreaterThan(0);
    }

    const jobLinks = page.locator('ul.job-list a');
    expect(await jobLinks.count()).toBe(Math.min(10, finding.jobIds.length));
    if (finding.jobIds.length > 0)
      expect(await jobLinks.first().getAttribute('href')).toBe(
        `/jobs/${encodeURIComponent(finding.jobIds[0]!)}?cluster=${CLUSTER}`,
      );

    let profiled: Job | undefined;
    for (const id of finding.jobIds.slice(0, 5)) {
      const job = await apiJson<Job>(server.url, `/api/v1/jobs/${id}?cluster=${CLUSTER}`);
      if (job.profile !== null) {
        profiled = job;
        break;
      }
    }
    if (profiled !== undefined) {
      const brief = page.locator('.profile-brief');
      expect(await brief.locator('p').first().textContent()).toContain(profiled.jobId);
      expect(await brief.getByRole('table').count()).toBe(1);
    }

    for (const r of finding.recommendations)
      expect(await page.getByRole('link', { name: r.title }).count(), r.title).toBe(1);
    expect(await page.getByRole('button', { name: 'Waive' }).count()).toBe(0);
    expect(await page.getByText('Waiving needs a key with the write scope').count()).toBe(1);
    await expectAccessible(page, 'finding');
    await screenshot(page, 'finding');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('waive with a reason: the finding shows as waived, as the API now says', async () => {
    const target = all.items.find((f) => f.status === 'open' && f.id !== all.items[0]!.id)!;
    const { page, problems } = await watchedPage(browser);
    await signIn(page, server.url, KEYS.writer, `/findings/${target.id}?cluster=${CLUSTER}`);
    await settled(page);
    const reason = 'known: the nightly load, fixed next quarter';
    await page.getByLabel('Why this finding is accepted').fill(reason);
    await page.getByRole('button', { name: 'Waive' }).click();
    await expect.poll(() => page.locator('.waiver').textContent()).toContain(reason);
    await settled(page);
    expect(await page.locator('dl.facts dd').first().textContent()).toContain('waived');
    const after = await apiJson<Finding>(server.url, `/api/v1/findings/${target.id}?cluster=${CLUSTER}`);
    expect(after.status).toBe('waived');
    expect(after.waiver?.reason).toBe(reason);
    await expectAccessible(page, 'finding, waived');
    await screenshot(page, 'finding-waived');

    await page.reload();
    await settled(page);
    expect(await page.locator('.waiver').textContent()).toContain(reason);
    await page.goto(`${server.url}/findings?status=waived`);
    await settled(page);
    expect((await tableRows(page)).map((r) => r.Finding)).toEqual([target.title]);
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
