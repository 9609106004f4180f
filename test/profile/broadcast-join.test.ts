import { describe, expect, it } from 'vitest';
import { nestedLoopJoinDetector } from '../../src/analysis/detectors/nested-loop-join.js';
import { summarizeProfile } from '../../src/profile/summarize.js';
import { buildContext, NO_STAKE } from '../support/profile-builder.js';

const WIDTH = 70;
const BUILD_ROWS = 2_000;
const PROBE_ROWS_PER_MINOR = 121_000;

// A nested-loop join in 70 minor fragments, each receiving the whole 2,000-row build side through a
// broadcast exchange: the shape behind a 1.2e12 count for 1.7e10 pairs really compared.
function broadcastLoopProfile(plan: string) {
  const minor = (minorFragmentId: number) => ({
    minorFragmentId,
    operatorProfile: [
      {
        operatorId: 1,
        operatorType: 35,
        inputProfile: [{ records: PROBE_ROWS_PER_MINOR }, { records: BUILD_ROWS }],
        processNanos: 9_000_000_000,
      },
    ],
  });
  return {
    id: { part1: 1n, part2: 2n },
    start: 1_700_000_000_000,
    end: 1_700_000_600_000,
    state: 2,
    dremioVersion: '25.2.0',
    plan,
    fragmentProfile: [
      { majorFragmentId: 1, minorFragmentProfile: Array.from({ length: WIDTH }, (_, i) => minor(i)) },
    ],
  };
}

const PLAN = [
  '00-00    Screen : rowType = RecordType(ANY a): rowcount = 1.0, cumulative cost = {1.0 rows}, id = 10',
  '01-01      NestedLoopJoin(condition=[<($0, $1)], joinType=[inner]) : rowType = RecordType(ANY a): rowcount = 1.0, cumulative cost = {1.0 rows}, id = 11',
  '01-02        TableFunction(Table Function Type=[DATA_FILE_SCAN]) : rowType = RecordType(ANY a): rowcount = 1.0, cumulative cost = {1.0 rows}, id = 12',
  '01-03        BroadcastExchange : rowType = RecordType(ANY b): rowcount = 2000.0, cumulative cost = {1.0 rows}, id = 13',
].join('\n');

describe('a broadcast build side is counted once, not once per receiving minor fragment', () => {
  const expectedPairs = WIDTH * PROBE_ROWS_PER_MINOR * BUILD_ROWS;

  for (const c of [
    { name: 'the plan names the BroadcastExchange', plan: PLAN },
    { name: 'no plan: every fragment received the same build rows', plan: '' },
  ]) {
    it(c.name, () => {
      const [join] = summarizeProfile(broadcastLoopProfile(c.plan)).joins;
      expect(join).toMatchObject({
        kind: 'nested-loop',
        probeRecords: WIDTH * PROBE_ROWS_PER_MINOR,
        buildRecords: BUILD_ROWS,
        buildBroadcast: true,
        comparedPairs: expectedPairs,
      });
    });
  }

  it('the nested-loop-join detector reports the pairs really compared (1.7e10, not 1.2e12)', () => {
    const profile = summarizeProfile(broadcastLoopProfile(PLAN));
    const hit = nestedLoopJoinDetector.detect(buildContext({ profile, runsPerDay: 10 }), {
      ...nestedLoopJoinDetector.defaults,
      stake: NO_STAKE,
    });
    expect(hit?.evidence.comparedPairs).toBe(expectedPairs);
    expect(expectedPairs).toBeCloseTo(1.7e10, -9);
  });
});
