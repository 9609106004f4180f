import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApi } from '../api/api-harness.js';
import { call } from '../api/api-harness.js';
import { type TestStore, testBackends } from '../support/store-backends.js';
import {
  expectAccessible,
  KEYS,
  launchBrowser,
  screenshot,
  serveDashboard,
  settled,
  signIn,
  watchedPage,
} from './dashboard-harness.js';

/** The dashboard's frame: served by `serve`, signed in with a key kept in the tab, every screen reachable. */
describe('dashboard shell', () => {
  let test: TestStore;
  let server: TestApi;
  let browser: Browser;
  beforeAll(async () => {
    test = await testBackends()[0]!.fresh();
    server = await serveDashboard(test.store);
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await test?.dispose();
  });

  it('serves the page with a strict CSP, its bundle, and keeps API 404s as JSON', async () => {
    const page = await call(server.url, '/findings?severity=high');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.text).toContain('/assets/app.js');
    const bundle = await call(server.url, '/assets/app.js');
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toMatch(/javascript/);
    expect((await call(server.url, '/assets/nope.js')).status).toBe(404);
    expect((await call(server.url, '/assets/..%2f..%2fpackage.json')).status).toBe(404);
    const missing = await call(server.url, '/api/v1/nothing-here', { key: KEYS.reader });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/json/);
  });

  it('GET /api/v1/session names the key and its scopes, for any scope', async () => {
    expect((await call(server.url, '/api/v1/session')).status).toBe(401);
    expect((await call(server.url, '/api/v1/session', { key: KEYS.reader })).body).toEqual({
      client: 'reader',
      scopes: ['read'],
      keyRequired: true,
    });
    expect((await call(server.url, '/api/v1/session', { key: KEYS.writeOnly })).body).toMatchObject({
      scopes: ['write'],
    });
  });

  it('asks for a key, refuses an unknown one, keeps a good one in the tab only (never in the URL)', async () => {
    const { page, problems } = await watchedPage(browser, {
      // Only the unknown key is refused.
      expected: (status, url) => status === 401 && url.endsWith('/api/v1/session'),
    });
    await page.goto(`${server.url}/findings?severity=high`);
    await page.getByLabel('API key').waitFor();
    await expectAccessible(page, 'sign-in');
    await screenshot(page, 'sign-in');
    await page.getByLabel('API key').fill('not-a-key-of-this-server');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('does not know that key');

    await page.getByLabel('API key').fill(KEYS.reader);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Screens' }).waitFor();
    expect(page.url()).toBe(`${server.url}/findings?severity=high`);
    expect(page.url()).not.toContain(KEYS.reader);
    // A reload while the screen's requests are in flight would abort them (a failed request).
    await settled(page);
    await page.reload();
    await page.getByRole('navigation', { name: 'Screens' }).waitFor();
    expect(await page.evaluate('JSON.stringify(localStorage)')).not.toContain(KEYS.reader);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('API key').waitFor();
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('reaches every screen from the navigation, in light and dark, with no error', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const { page, problems } = await watchedPage(browser, { colorScheme });
      await signIn(page, server.url, KEYS.admin);
      for (const name of [
        'Overview',
        'Query shapes',
        'Findings',
        'Recommendations',
        'Measurements',
        'Jobs',
        'Reflections',
      ]) {
        await page
          .getByRole('navigation', { name: 'Screens' })
          .getByRole('link', { name, exact: true })
          .click();
        await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(name);
        await settled(page);
        await expectAccessible(page, `${name} (${colorScheme}, empty store)`);
      }
      expect(problems).toEqual([]);
      await page.context().close();
    }
  });
});
