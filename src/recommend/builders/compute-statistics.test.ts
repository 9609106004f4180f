import { describe, expect, it } from 'vitest';
import { buildContextOver, findingOver, snapshotOver } from '../../../test/support/build-context.js';
import { NO_STAKE, realProfileContext } from '../../../test/support/profile-builder.js';
import { rowEstimateDetector } from '../../analysis/detectors/row-estimate.js';
import { validateRecommendationSql } from '../validate-sql.js';
import { buildStatistics } from './compute-statistics.js';

const CSV = 'Samples."samples.dremio.com"."SF weather 2018-2019.csv"';

/** dqd's profile1: the CSV scan 00-08 planned for 5288 rows and read 485, 10.96% of the operator time. */
function dqdContext(version: string | null = '25.1.1-202409260159070462-716c0676', extraTable?: string) {
  const real = realProfileContext('dqd/profile1.json');
  const profile = real.profile!;
  const job = extraTable
    ? {
        ...real,
        profile: {
          ...profile,
          datasets: [...profile.datasets, { path: extraTable, kind: 'physical' as const, sql: undefined }],
        },
      }
    : real;
  const loose = { ...rowEstimateDetector.defaults, minRows: 0, minTimeShare: 0, stake: NO_STAKE };
  const hit = rowEstimateDetector.detect(job, loose);
  const finding = findingOver('row-estimate', [job], hit?.evidence ?? {});
  return buildContextOver([finding], snapshotOver([job], 1), {
    cluster: { kind: 'software', version, edition: 'oss' },
  });
}

describe('row-estimate builder', () => {
  it('emits ANALYZE TABLE … FOR ALL COLUMNS COMPUTE STATISTICS for the table the mis-planned scan read', () => {
    const [draft, ...rest] = buildStatistics(dqdContext());
    expect(rest).toEqual([]);
    expect(draft?.kind).toBe('compute-statistics');
    expect(draft?.sql).toBe(`ANALYZE TABLE ${CSV} FOR ALL COLUMNS COMPUTE STATISTICS`);
    expect(validateRecommendationSql('compute-statistics', draft?.sql ?? null)).toEqual({ ok: true });
    expect(draft?.evidence).toMatchObject({ estimatedRows: 5288, actualRows: 485, operatorTimeShare: 0.11 });
  });

  it('credits a modest quarter of the operator time, at low confidence, and charges a weekly ANALYZE', () => {
    const [draft] = buildStatistics(dqdContext());
    // 902 ms running × 0.10955 operator share × 0.25 recovered = 24.7 ms over one day.
    expect(draft?.payoff.savingsMsPerDay).toBeCloseTo(24.7, 1);
    expect(draft?.payoff.methodConfidence).toBe(0.4);
    // One ANALYZE ≈ the median run reading the table (902 ms), weekly: 902 / 7 = 128.9 ms a day — more
    // than it saves on a query that runs once a day, so it must not come out pending.
    expect(draft?.cost.oneOffMs).toBe(902);
    expect(draft?.cost.refreshMsPerDay).toBeCloseTo(128.86, 2);
  });

  it('splits the gain between the tables a mis-planned run reads, and names the other one', () => {
    const drafts = buildStatistics(dqdContext(undefined, 'lakehouse.sales.customers'));
    expect(drafts.map((d) => d.sql)).toEqual([
      `ANALYZE TABLE ${CSV} FOR ALL COLUMNS COMPUTE STATISTICS`,
      'ANALYZE TABLE lakehouse.sales.customers FOR ALL COLUMNS COMPUTE STATISTICS',
    ]);
    // The same 24.7 ms a day as alone, halved: each of the two statements is credited 12.35 ms.
    for (const draft of drafts) expect(draft.payoff.savingsMsPerDay).toBeCloseTo(12.35, 1);
    expect(drafts[0]?.action).toContain('Do the same for lakehouse.sales.customers');
    expect(drafts[1]?.action).toContain(`Do the same for ${CSV}`);
  });

  it('emits nothing before Dremio 24.0, whose grammar has no ANALYZE TABLE', () => {
    expect(buildStatistics(dqdContext('23.2.1-202312071812340606-0e6bc8df'))).toEqual([]);
    expect(buildStatistics(dqdContext(null))).toHaveLength(1);
  });
});
