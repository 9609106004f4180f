import { describe, expect, it } from 'vitest';
import { buildContextOver, findingOver, snapshotOver } from '../../../test/support/build-context.js';
import { realProfileContext } from '../../../test/support/profile-builder.js';
import { metadataRetrievalDetector } from '../../analysis/detectors/metadata-retrieval.js';
import { validateRecommendationSql } from '../validate-sql.js';
import { buildMetadataRefreshes } from './metadata-refresh.js';

const CSV = 'Samples."samples.dremio.com"."SF weather 2018-2019.csv"';

/** dqd's profile1 (1456 ms of metadata retrieval) and profile2 (1576 ms), both on the same CSV, in one day. */
function dqdContext() {
  const jobs = ['dqd/profile1.json', 'dqd/profile2.json'].map((f) => realProfileContext(f));
  const hit = metadataRetrievalDetector.detect(jobs[0]!, metadataRetrievalDetector.defaults);
  const finding = findingOver('metadata-retrieval', jobs, hit?.evidence ?? {});
  return buildContextOver([finding], snapshotOver(jobs, 1));
}

describe('metadata-retrieval builder', () => {
  it('schedules ALTER TABLE … REFRESH METADATA for the CSV two dqd runs waited on, crediting all their wait', () => {
    const drafts = buildMetadataRefreshes(dqdContext());
    const refresh = drafts.find((d) => d.kind === 'refresh-metadata');
    expect(refresh?.sql).toBe(`ALTER TABLE ${CSV} REFRESH METADATA`);
    expect(validateRecommendationSql('refresh-metadata', refresh?.sql ?? null)).toEqual({ ok: true });
    expect(refresh?.target).toEqual({ kind: 'dataset', path: CSV });
    // 1456 + 1576 = 3032 ms over a 1-day window; median (1456 + 1576) / 2 = 1516 ms.
    expect(refresh?.payoff.savingsMsPerDay).toBe(3032);
    expect(refresh?.payoff.method).toBe('phase-time');
    expect(refresh?.cost.oneOffMs).toBe(1516);
    // Two scheduled refreshes a day replace the two inline ones: no extra work.
    expect(refresh?.cost.refreshMsPerDay).toBe(0);
    expect(refresh?.evidence).toMatchObject({
      runs: 2,
      metadataRetrievalMs: 3032,
      metadataRetrievalMsMedian: 1516,
      refreshesPerDay: 2,
    });
  });

  it("names the source's policy settings, with SQL null, and charges the hourly fetches beyond the runs", () => {
    const policy = buildMetadataRefreshes(dqdContext()).find((d) => d.kind === 'metadata-refresh-policy');
    expect(policy?.sql).toBeNull();
    expect(validateRecommendationSql('metadata-refresh-policy', null)).toEqual({ ok: true });
    expect(policy?.action).toContain('source "Samples"');
    expect(policy?.action).toContain('datasetRefreshAfterMs');
    expect(policy?.payoff.savingsMsPerDay).toBe(3032);
    // (24 hourly fetches − 2 inline refreshes replaced) × 1516 ms = 33,352 ms a day: not worth it for 2 runs.
    expect(policy?.cost.refreshMsPerDay).toBe(33_352);
  });

  it('gives nothing for a finding that names no table', () => {
    const jobs = [realProfileContext('dqd/profile1.json')];
    const finding = findingOver('metadata-retrieval', jobs, { tables: [] });
    expect(buildMetadataRefreshes(buildContextOver([finding], snapshotOver(jobs)))).toEqual([]);
  });
});
