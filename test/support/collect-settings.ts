import { COLLECT_STAGES, type CollectSettings } from '../../src/sources/live/live-context.js';

/** Collection settings for tests: small pages so paging, watermarks and resumption are exercised. */
export function collectSettings(overrides: Partial<CollectSettings> = {}): CollectSettings {
  return {
    clusterName: 'sim',
    since: undefined,
    until: undefined,
    profileBudget: 40,
    stages: new Set(COLLECT_STAGES),
    redactSql: false,
    storeRawProfiles: true,
    historyPageRows: 150,
    overlapMs: 10 * 60_000,
    maxDatasets: 12,
    maxConcurrency: 4,
    ...overrides,
  };
}
