import { describe, expect, it } from 'vitest';
import { createWorld } from '../create-world.js';
import { testWorldOptions } from './test-world.js';
import { METADATA_EXPIRY_MS } from './world-state.js';

const SQL =
  "SELECT DATE_TRUNC('month', spend_date) AS month, channel, SUM(spend) AS spend\nFROM datalake.raw.marketing_spend\n" +
  "GROUP BY DATE_TRUNC('month', spend_date), channel";
const AT = new Date('2026-11-01T09:00:00Z').getTime();

describe('REFRESH METADATA in the simulator', () => {
  it('spares the queries within the expiry their inline metadata refresh, and only those', () => {
    const world = createWorld(testWorldOptions({ jobs: 100 }));
    const metadataMs = (at: number) => {
      const { job } = world.submitSql(SQL, { user: 'dave.okafor', at });
      expect(job.finalState, job.errorMessage ?? '').toBe('COMPLETED');
      return job.phases.planningStart - job.phases.metadataRetrieval;
    };
    // The folder's metadata has expired: each run refreshes it inline for 4–12 s.
    expect(metadataMs(AT)).toBeGreaterThanOrEqual(4_000);
    const refresh = world.submitSql('ALTER TABLE datalake.raw.marketing_spend REFRESH METADATA', {
      user: 'dremio',
      at: AT + 60_000,
    }).job;
    expect(refresh.finalState, refresh.errorMessage ?? '').toBe('COMPLETED');
    expect(metadataMs(AT + 120_000)).toBeLessThan(100);
    expect(metadataMs(AT + 60_000 + METADATA_EXPIRY_MS + 60_000)).toBeGreaterThanOrEqual(4_000);
  });
});
