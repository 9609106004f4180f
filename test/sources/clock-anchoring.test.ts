import { afterEach, describe, expect, it } from 'vitest';
import { analyzeWorkload } from '../../src/analysis/analysis-service.js';
import { createDremioClient, DEFAULT_CONNECTION_TUNING } from '../../src/dremio/index.js';
import { createLogger } from '../../src/log/index.js';
import { startSimulator } from '../../src/simulator/index.js';
import { collect } from '../../src/sources/collect-service.js';
import { collectSettings } from '../support/collect-settings.js';
import { testBackends } from '../support/store-backends.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});
const silent = createLogger({ level: 'silent', format: 'json' });

// A cluster's history can end long before (or, with a skewed clock, after) the machine's "now": every
// window over collected data must follow the data, so these histories are years away from today.
describe.each([
  ['years before the wall clock', new Date('2019-03-14T09:00:00Z')],
  ['years after the wall clock', new Date('2041-07-01T18:30:00Z')],
])('collect and analyse a history that ends %s [pglite]', (_label, endAt) => {
  it('collects datasets and profiles from the newest job back, and finds select-star and small-files', async () => {
    const sim = await startSimulator({ flavor: 'software-26', jobs: 600, days: 7, endAt });
    cleanups.push(() => sim.stop());
    const client = createDremioClient({
      url: sim.url,
      auth: { kind: 'pat', token: sim.credentials.token },
      tls: { insecure: false },
      ...DEFAULT_CONNECTION_TUNING,
    });
    cleanups.push(() => client.close());
    const backend = testBackends().find((b) => b.name === 'pglite')!;
    const t = await backend.fresh();
    cleanups.push(() => t.dispose());

    const result = await collect({ store: t.store, client, logger: silent }, collectSettings());
    expect(result.status).toBe('succeeded');
    expect(result.datasets?.datasets).toBeGreaterThan(0);
    expect(result.datasets?.withFileStats).toBeGreaterThan(0);
    expect(result.profiles?.fetched).toBeGreaterThan(0);

    const report = await analyzeWorkload(t.store, { clusterName: 'sim', now: endAt });
    expect(report.window.to.getTime()).toBeLessThanOrEqual(endAt.getTime());
    expect(report.window.to.getTime()).toBeGreaterThan(endAt.getTime() - 86_400_000);
    const detectors = new Set(report.findings.map((f) => f.detector));
    expect(detectors).toContain('select-star');
    expect(detectors).toContain('small-files');
  });
});
