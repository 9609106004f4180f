import { afterEach, describe, expect, it } from 'vitest';
import { checkConnection } from '../../src/dremio/check.js';
import { createDremioClient } from '../../src/dremio/index.js';
import { createLogger } from '../../src/log/index.js';
import { type Flavor, type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { API_TEMPLATE } from '../../src/simulator/world/api-job.js';
import { jobIdFor } from '../../src/simulator/world/job-id.js';
import type { SimJob } from '../../src/simulator/world.js';
import { collect } from '../../src/sources/collect-service.js';
import { optionsFor } from '../dremio/sim-client.js';
import { collectSettings } from '../support/collect-settings.js';
import { testBackends } from '../support/store-backends.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

/** Jobs submitted over REST are appended after the history, with ids from their index. */
function submittedJobs(sim: RunningSimulator): SimJob[] {
  const jobs: SimJob[] = [];
  for (let index = sim.world.jobCount; ; index++) {
    const job = sim.world.jobById(jobIdFor(sim.world.options.seed, index));
    if (job === undefined) return jobs.filter((j) => j.template === API_TEMPLATE);
    jobs.push(job);
  }
}

const silent = createLogger({ level: 'silent', format: 'json' });

/**
 * Runs `check` and a full `collect` against a simulator that rejects what Dremio rejects, then reads
 * back every statement the product submitted: none may have failed.
 */
describe.each(['software-24.3', 'software-25.1', 'cloud'] as const)(
  'SQL the product sends, on %s',
  (flavor: Flavor) => {
    it(`fidelity-gaps #7: every statement check and collect send runs without failing (${flavor})`, async () => {
      const sim = await startSimulator({ flavor, jobs: 300, days: 5 });
      cleanups.push(() => sim.stop());
      const report = await checkConnection(optionsFor(sim));
      expect(report.lines.filter((l) => !l.ok).map((l) => `${l.item}: ${l.detail}`)).toEqual([]);
      const client = createDremioClient(optionsFor(sim));
      cleanups.push(() => client.close());
      const backend = testBackends().find((b) => b.name === 'pglite')!;
      const t = await backend.fresh();
      cleanups.push(() => t.dispose());
      const summary = await collect({ store: t.store, client, logger: silent }, collectSettings());
      expect(summary.status).toBe('succeeded');
      const sent = submittedJobs(sim);
      expect(sent.length).toBeGreaterThan(3);
      const failed = sent
        .filter((job) => job.finalState === 'FAILED')
        .map((j) => `${j.sql} → ${j.errorMessage}`);
      expect(failed).toEqual([]);
      expect(sent.some((job) => /table_files/.test(job.sql))).toBe(true);
    }, 120_000);
  },
);
