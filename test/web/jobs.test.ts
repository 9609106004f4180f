import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMs } from '../../src/web/format.js';
import { PHASES } from '../../src/web/screens/job-phase-list.js';
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
  type WatchedPage,
  watchedPage,
} from './dashboard-harness.js';

interface JobPage {
  items: { jobId: string; cluster: string; userName: string | null; submittedAt: string }[];
  nextCursor: string | null;
}
interface JobDetail {
  jobId: string;
  fingerprint: string | null;
  errorMessage: string | null;
  phases: Record<string, number | null>;
  profile: unknown;
}

/** Does `action` and waits for the API answer it causes (a list keeps its old rows while reloading). */
async function answered(page: Page, urlPart: string, action: () => Promise<unknown>): Promise<void> {
  await Promise.all([
    page.waitForResponse((r) => r.url().includes('/api/v1/') && r.url().includes(urlPart)),
    action(),
  ]);
}

/** The job ids the list shows, in order, read from the links of its rows. */
async function shownJobIds(page: Page): Promise<string[]> {
  const links = await page
    .getByRole('table')
    .locator('tbody a[href^="/jobs/"]')
    .evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  return links.map((h) => decodeURIComponent(h.slice('/jobs/'.length).split('?')[0]!));
}

/** The Jobs screen and the job page on a demo store: what they show is what the API answers. */
describe('dashboard jobs', () => {
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
    await signIn(watched.page, server.url, KEYS.reader, '/jobs');
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await test?.dispose();
  });

  it('shows the API first page, then its second page after "Next page"', async () => {
    const { page, problems } = watched;
    await settled(page);
    const first = await apiJson<JobPage>(server.url, '/api/v1/jobs?limit=50');
    expect(first.items.length).toBe(50);
    expect(await shownJobIds(page)).toEqual(first.items.map((j) => j.jobId));
    await expectAccessible(page, 'jobs');
    await screenshot(page, 'jobs');

    await answered(page, 'cursor=', () => page.getByRole('link', { name: 'Next page' }).click());
    await settled(page);
    expect(new URL(page.url()).searchParams.get('cursor')).toBe(first.nextCursor);
    const second = await apiJson<JobPage>(server.url, `/api/v1/jobs?limit=50&cursor=${first.nextCursor}`);
    expect(await shownJobIds(page)).toEqual(second.items.map((j) => j.jobId));
    expect(problems).toEqual([]);
  });

  it('filters by state and user through the URL, and the list follows', async () => {
    const { page, problems } = watched;
    await page.goto(`${server.url}/jobs`);
    await settled(page);
    await answered(page, 'state=FAILED', () => page.getByLabel('State').selectOption('FAILED'));
    await settled(page);
    expect(new URL(page.url()).searchParams.get('state')).toBe('FAILED');
    expect(new URL(page.url()).searchParams.has('cursor')).toBe(false);
    const failed = await apiJson<JobPage>(server.url, '/api/v1/jobs?limit=50&state=FAILED');
    expect(failed.items.length).toBeGreaterThan(0);
    expect(await shownJobIds(page)).toEqual(failed.items.map((j) => j.jobId));
    await expectAccessible(page, 'jobs filtered by state');
    await screenshot(page, 'jobs-failed');

    const user = failed.items[0]!.userName!;
    await page.getByLabel('User (exact)').fill(user);
    await answered(page, 'user=', () => page.getByLabel('User (exact)').press('Enter'));
    await settled(page);
    const query = new URL(page.url()).searchParams;
    expect([query.get('state'), query.get('user')]).toEqual(['FAILED', user]);
    const byUser = await apiJson<JobPage>(
      server.url,
      `/api/v1/jobs?limit=50&state=FAILED&user=${encodeURIComponent(user)}`,
    );
    expect(byUser.items.length).toBeLessThan(failed.items.length + 1);
    expect(await shownJobIds(page)).toEqual(byUser.items.map((j) => j.jobId));
    expect(problems).toEqual([]);
  });

  it('counts preset ranges back from the newest job, and refuses a time that is not one', async () => {
    const { page, problems } = watched;
    await page.goto(`${server.url}/jobs`);
    await settled(page);
    const newest = (await apiJson<JobPage>(server.url, '/api/v1/jobs?limit=1')).items[0]!.submittedAt;
    await answered(page, 'from=', () => page.getByRole('button', { name: 'Last 24 h of data' }).click());
    await settled(page);
    const from = new Date(Date.parse(newest) - 86_400_000).toISOString();
    expect(new URL(page.url()).searchParams.get('from')).toBe(from);
    const recent = await apiJson<JobPage>(server.url, `/api/v1/jobs?limit=50&from=${from}`);
    expect(await shownJobIds(page)).toEqual(recent.items.map((j) => j.jobId));
    expect(await page.getByRole('button', { name: 'Last 24 h of data' }).getAttribute('aria-pressed')).toBe(
      'true',
    );

    await page.getByLabel('Before (UTC)').fill('yesterday');
    await page.getByLabel('Before (UTC)').press('Enter');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Not a UTC time');
    expect(new URL(page.url()).searchParams.has('to')).toBe(false);
    const to = new Date(Date.parse(newest) - 3_600_000).toISOString();
    await page.getByLabel('Before (UTC)').fill(to.slice(0, 16).replace('T', ' '));
    await answered(page, 'to=', () => page.getByLabel('Before (UTC)').press('Enter'));
    await settled(page);
    expect(new URL(page.url()).searchParams.get('to')).toBe(`${to.slice(0, 16)}:00.000Z`);
    expect(problems).toEqual([]);
  });

  it('shows a profiled job: phase numbers equal the API, operators, scans, SQL and its shape', async () => {
    const { page, problems } = watched;
    const row = await sql<{ job_id: string }>`
      SELECT p.job_id FROM profiles p JOIN jobs j USING (cluster_id, job_id)
      WHERE j.running_ms IS NOT NULL ORDER BY j.duration_ms DESC LIMIT 1`.execute(test.store.db);
    const id = row.rows[0]!.job_id;
    const job = await apiJson<JobDetail>(server.url, `/api/v1/jobs/${encodeURIComponent(id)}`);
    expect(job.profile).not.toBeNull();
    await page.goto(`${server.url}/jobs/${encodeURIComponent(id)}`);
    await settled(page);
    for (const phase of PHASES) {
      const cells = page.locator(`tr[data-phase="${phase.key}"] td`);
      expect(await cells.nth(0).textContent(), phase.label).toBe(phase.label);
      expect(await cells.nth(1).textContent(), phase.label).toBe(formatMs(job.phases[phase.key]));
    }
    expect(await page.getByRole('img', { name: /Phase timeline/ }).count()).toBe(1);
    expect(await page.getByRole('table', { name: /operators with the most process time/ }).count()).toBe(1);
    expect(await page.getByRole('heading', { name: 'Scans and pruning' }).count()).toBe(1);
    expect(await page.getByRole('heading', { name: 'Spill' }).count()).toBe(1);
    const shape = page.getByRole('link', { name: job.fingerprint! });
    expect(await shape.getAttribute('href')).toBe(`/shapes/${job.fingerprint}?cluster=${CLUSTER}`);
    await expectAccessible(page, 'job with a profile');
    await screenshot(page, 'job');
    expect(problems).toEqual([]);
  });

  it('says when a job has no profile, and shows a failed job its error', async () => {
    const { page, problems } = watched;
    const row = await sql<{ job_id: string }>`
      SELECT j.job_id FROM jobs j WHERE j.state = 'FAILED' AND j.error_message IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM profiles p WHERE p.cluster_id = j.cluster_id AND p.job_id = j.job_id)
      ORDER BY j.job_id LIMIT 1`.execute(test.store.db);
    const id = row.rows[0]!.job_id;
    const job = await apiJson<JobDetail>(server.url, `/api/v1/jobs/${encodeURIComponent(id)}`);
    await page.goto(`${server.url}/jobs/${encodeURIComponent(id)}?cluster=${CLUSTER}`);
    await settled(page);
    expect(await page.getByText('No profile was fetched for this job').count()).toBe(1);
    expect(await page.getByRole('region', { name: 'Error' }).textContent()).toContain(job.errorMessage!);
    await expectAccessible(page, 'failed job without a profile');
    await screenshot(page, 'job-failed');
    expect(problems).toEqual([]);
  });

  it('reads in the dark theme', async () => {
    const dark = await watchedPage(browser, { colorScheme: 'dark' });
    await signIn(dark.page, server.url, KEYS.reader, '/jobs?state=FAILED');
    await settled(dark.page);
    await expectAccessible(dark.page, 'jobs (dark)');
    await screenshot(dark.page, 'jobs-dark');
    expect(dark.problems).toEqual([]);
    await dark.page.context().close();
  });
});
