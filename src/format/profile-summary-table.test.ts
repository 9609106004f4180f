import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ProfileSummary } from '../domain/profile-summary.js';
import { parseLosslessJson } from '../json/lossless-json.js';
import { summarizeProfile } from '../profile/summarize.js';
import { renderProfileSummaryTable } from './profile-summary-table.js';

const PROFILE1 = new URL('../../test/fixtures/real/dqd/profile1.json', import.meta.url);

const JOIN_PROFILE = {
  id: { part1: 1n, part2: 2n },
  start: 0,
  end: 90_000,
  state: 2,
  user: 'bob',
  dremioVersion: '25.0.1',
  plan: [
    '00-00  Screen : rowType = RecordType(INTEGER a): rowcount = 10.0, cumulative cost = {1}, id = 3',
    '00-01    HashJoin(condition=[=($0, $1)], joinType=[left]) : rowType = RecordType(INTEGER a): rowcount = 10.0, cumulative cost = {1}, id = 2',
    '00-02      TableFunction(Table Function Type=[DATA_FILE_SCAN], table=[lake.orders], partitionFilters=[=($1, 2024)]) : rowType = RecordType(INTEGER a): rowcount = 99.0, cumulative cost = {1}, id = 1',
  ].join('\n'),
  fragmentProfile: [
    {
      majorFragmentId: 0,
      minorFragmentProfile: [0, 1, 2].map((minor) => ({
        minorFragmentId: minor,
        operatorProfile: [
          { operatorId: 0, operatorType: 13, inputProfile: [{ records: 10 }], processNanos: 1000 },
          {
            operatorId: 1,
            operatorType: 4,
            inputProfile: [{ records: minor === 0 ? 1000 : 10 }, { records: 5 }],
            outputRecords: 3000,
            processNanos: minor === 0 ? 80_000_000_000 : 1_000_000,
            // 24.0–25.0 layout: SPILL_WR_BUILD_BYTES = 33.
            metric: [{ metricId: 33, longValue: 1_048_576 }],
          },
          {
            operatorId: 2,
            operatorType: 53,
            operatorSubtype: 3,
            inputProfile: [{ records: 1 }],
            outputRecords: 1020,
          },
        ],
      })),
    },
  ],
  accelerationProfile: {
    layoutProfiles: [{ layoutId: 'abc', name: 'orders agg', type: 2, numSubstitutions: 1 }],
  },
};

describe('renderProfileSummaryTable', () => {
  const real = renderProfileSummaryTable(summarizeProfile(parseLosslessJson(readFileSync(PROFILE1, 'utf8'))));
  const synthetic = renderProfileSummaryTable(summarizeProfile(JOIN_PROFILE));

  it('fits 100 columns', () => {
    for (const text of [real, synthetic]) {
      for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
    }
  });

  it('shows the header, state times and heaviest operator of a real profile', () => {
    expect(real).toContain('Job 1cb80d46-af06-c937-6391-32ad4fae4f00  attempt 0  COMPLETED');
    expect(real).toContain('User rssvihla  Dremio 21.6.0-202209301921120677-ad35777b  Duration 2.42 s');
    expect(real).toContain('Queue Low Cost User Queries');
    expect(real).toMatch(/metadata retrieval 1\.46 s \(60%\) .*running 902 ms \(37%\)/s);
    // Total 5.3 ms = setup 2.0 ms + process 3.2 ms; 1% of all operators' 890 ms, most of it scan wait.
    expect(real).toMatch(/\n {2}00-06 {2}HASH_AGGREGATE +5\.3 ms +1% +3\.2 ms +0 +2\.0 ms +485 +485 +1,005/);
    expect(real).toContain('splits 1  rows 485');
    expect(real).toContain('pruning: none');
    expect(real).toContain('Spill none');
  });

  it('shows joins with fan-out, spill, skew, pruning and reflections', () => {
    expect(synthetic).toMatch(/00-01 {2}hash left +15 +1,020 +9,000 +8\.82/);
    expect(synthetic).toContain('Spill 3.0 MiB (hash agg 0 B, sort 0 B, hash join 3.0 MiB) in 00-01');
    expect(synthetic).toMatch(/ {2}00 {2}3 minors {2}process \d+\.\d\d/);
    expect(synthetic).toContain('pruning: partition filter');
    expect(synthetic).toContain('Reflections 1 considered, 1 matched, 0 chosen');
    expect(synthetic).toContain('matched  AGG      orders agg  abc');
  });

  it('renders a summary stored before the time totals existed exactly as a fresh one', () => {
    const fresh = summarizeProfile(parseLosslessJson(readFileSync(PROFILE1, 'utf8')));
    const {
      stateSharesPercent: _shares,
      totalSetupNanos: _setup,
      totalWaitNanos: _wait,
      totalOperatorNanos: _total,
      ...stored
    } = fresh;
    const old: ProfileSummary = {
      ...stored,
      operators: fresh.operators.map(({ totalNanos: _t, ...op }) => op),
      scans: fresh.scans.map(({ totalNanos: _t, setupNanos: _s, ...scan }) => scan),
    };
    expect(renderProfileSummaryTable(old)).toBe(real);
  });

  it('narrows to a smaller width', () => {
    const narrow = renderProfileSummaryTable(summarizeProfile(JOIN_PROFILE), { widthColumns: 60 });
    for (const line of narrow.split('\n')) expect(line.length).toBeLessThanOrEqual(60);
  });
});
