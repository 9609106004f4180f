import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { chromium } from 'playwright-core';
import { buildWeb } from '../scripts/build-web.mjs';
import { startApi } from '../src/api/start-api.js';
import { loadConfig } from '../src/config/index.js';
import { createLogger } from '../src/log/index.js';
import { ensureCluster } from '../src/store/index.js';
import { seedFindingsAndRecommendations, seedJobs } from './api-bench.js';
import type { BenchContext } from './bench-context.js';
import { type BenchRow, failedRow, makeRow } from './bench-row.js';
import { isUnreachable, withThrowawayDatabase } from './throwaway-database.js';

const API_KEY = 'bench-dashboard-key-0123456789';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** The key's place in the tab (src/web/session.ts): set before the page loads, as after a sign-in. */
const SESSION_KEY = 'dremio-optimizer.api-key';
const REFERENCE_PATH = '/api/v1/metrics/summary';

interface Load {
  readonly fcpMs: number;
  readonly allDoneMs: number;
  readonly requests: number;
  /** The API request that finished last, and when (ms after navigation start). */
  readonly lastRequest: string;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * One cold load of `/` as a signed-in admin opens it each morning: a fresh browser context (empty
 * cache), the page's first contentful paint, and when its last request finished (from the page's own
 * resource timing, after the network went quiet and no "Loading" status is left).
 */
async function loadOverview(browser: import('playwright-core').Browser, baseUrl: string): Promise<Load> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    // Strings, evaluated in the page: the bench's own TypeScript has no DOM types.
    await context.addInitScript(
      `sessionStorage.setItem(${JSON.stringify(SESSION_KEY)}, ${JSON.stringify(API_KEY)})`,
    );
    const page = await context.newPage();
    const failures: string[] = [];
    page.on('response', (r) => {
      if (r.status() >= 400) failures.push(`${r.status()} ${r.url()}`);
    });
    page.on('requestfailed', (r) => failures.push(`failed ${r.url()}`));
    await page.goto(`${baseUrl}/`, { waitUntil: 'networkidle', timeout: 120_000 });
    await page.waitForFunction(
      `document.querySelector('h1') !== null &&
       [...document.querySelectorAll('[role=status]')].every((e) => !e.textContent.includes('Loading'))`,
      undefined,
      { timeout: 120_000 },
    );
    if (failures.length > 0) throw new Error(`the overview page had failed requests: ${failures.join(', ')}`);
    return await page.evaluate<Load>(`(() => {
      const paint = performance.getEntriesByName('first-contentful-paint')[0];
      const nav = performance.getEntriesByType('navigation')[0];
      let last = { name: 'the page itself', end: nav ? nav.responseEnd : 0 };
      // The browser's own favicon fetch is not the page's: it comes after load and no screen waits on it.
      const resources = performance.getEntriesByType('resource').filter((r) => !r.name.endsWith('/favicon.ico'));
      for (const r of resources) if (r.responseEnd > last.end) last = { name: r.name, end: r.responseEnd };
      return {
        fcpMs: paint ? paint.startTime : NaN,
        allDoneMs: last.end,
        requests: resources.length,
        lastRequest: last.name.replace(location.origin, ''),
      };
    })()`);
  } finally {
    await context.close();
  }
}

async function timeGet(url: string): Promise<number> {
  const start = performance.now();
  const response = await fetch(url, { headers: { Authorization: `Bearer ${API_KEY}` } });
  if (response.status !== 200)
    throw new Error(`${url} answered ${response.status}: ${await response.text()}`);
  await response.arrayBuffer();
  return performance.now() - start;
}

/**
 * The dashboard's landing page over a PostgreSQL store of 1M jobs (the API bench's seed), loaded in
 * Debian's Chromium against a real `serve`: first contentful paint and all requests done, against one
 * plain GET of the metrics summary (the figure the overview is built around) timed in the same run.
 * Measures whatever `/` loads, so it follows the Overview screen as it changes.
 */
export async function benchDashboard(ctx: BenchContext): Promise<BenchRow[]> {
  const jobs = ctx.scaleOverride?.jobs ?? (ctx.quick ? 100_000 : 1_000_000);
  const loads = ctx.quick ? 3 : 7;
  const input = `${jobs.toLocaleString('en-US')} jobs in PostgreSQL, Chromium 1280×800, median of ${loads} cold loads`;
  try {
    if (!existsSync(CHROMIUM))
      throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium, or set CHROMIUM_PATH`);
    return await withThrowawayDatabase({
      serverUrl: ctx.postgresUrl,
      name: 'bench_dashboard',
      workDir: ctx.workDir,
      fn: async (store) => {
        const cluster = await ensureCluster(store.db, { name: 'bench', kind: 'software' });
        ctx.log(`dashboard: seeding ${jobs.toLocaleString('en-US')} jobs…`);
        await seedJobs(store, cluster.id, jobs);
        await seedFindingsAndRecommendations(store, cluster.id, jobs);
        // A server in use has had autovacuum pass over the rows it keeps: counts read the visibility map
        // (index-only scans) instead of every freshly written heap page.
        await sql`VACUUM (ANALYZE) jobs`.execute(store.db);
        const webDir = await buildWeb(join(ctx.workDir, 'dashboard-web'));
        const { config } = loadConfig({
          env: { API_KEY, API_RATE_LIMIT_PER_MINUTE: '1000000', LOG_LEVEL: 'warn' },
          cwd: ctx.workDir,
        });
        const logger = createLogger({ level: 'warn', format: 'json', secrets: [API_KEY] });
        const api = await startApi({
          config,
          logger,
          host: '127.0.0.1',
          port: 0,
          cwd: ctx.workDir,
          version: 'bench',
          store,
          webDir,
        });
        const browser = await chromium.launch({
          executablePath: CHROMIUM,
          args: ['--no-sandbox', '--disable-dev-shm-usage'],
        });
        try {
          ctx.log('dashboard: warming up…');
          await loadOverview(browser, api.url);
          await timeGet(`${api.url}${REFERENCE_PATH}`);
          const measured: Load[] = [];
          const reference: number[] = [];
          // Alternated, so a change in the machine's load hits both sides alike.
          for (let i = 0; i < loads; i++) {
            measured.push(await loadOverview(browser, api.url));
            reference.push(await timeGet(`${api.url}${REFERENCE_PATH}`));
          }
          const allDone = median(measured.map((m) => m.allDoneMs));
          const fcp = median(measured.map((m) => m.fcpMs));
          const slowest = measured.reduce((a, b) => (b.allDoneMs > a.allDoneMs ? b : a));
          return [
            makeRow({
              name: 'dashboard-overview-load-ms',
              input,
              ours: Number(allDone.toFixed(1)),
              reference: Number(median(reference).toFixed(1)),
              referenceName: `one plain GET ${REFERENCE_PATH}, median`,
              unit: 'ms until all requests done',
              goal: { value: 1000, on: 'ours', direction: 'lower' },
              details: {
                firstContentfulPaintMs: Number(fcp.toFixed(1)),
                allRequestsDoneMs: Number(allDone.toFixed(1)),
                worstAllRequestsDoneMs: Number(slowest.allDoneMs.toFixed(1)),
                worstFirstContentfulPaintMs: Number(Math.max(...measured.map((m) => m.fcpMs)).toFixed(1)),
                requests: slowest.requests,
                lastRequestOfSlowestLoad: slowest.lastRequest,
              },
              note: `first contentful paint ${fcp.toFixed(0)} ms (median)`,
            }),
          ];
        } finally {
          await browser.close();
          await api.close();
        }
      },
    });
  } catch (error) {
    return [
      failedRow({
        name: 'dashboard-overview-load-ms',
        input,
        unit: 'ms until all requests done',
        error: error instanceof Error ? error.message : String(error),
        ...(isUnreachable(error) ? { skipped: true } : {}),
      }),
    ];
  }
}
