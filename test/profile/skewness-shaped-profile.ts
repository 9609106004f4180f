/**
 * A profile shaped like dremio-oss's own test file `dac/backend/src/test/resources/testfiles/
 * skewness_profile.json` (not copied: rebuilt with the same shape and the numbers that matter): no
 * `dremioVersion`, no `stateList`, an empty `operatorTypeMetricsMap`, no plan, and a 21.x hash join
 * whose metric ids follow the 21.x layout (NUM_BUCKETS=0, VECTORIZED=9, UNMATCHED_PROBE_COUNT=19,
 * OUTPUT_RECORDS=20). Times and row counts are the real file's, split over two minor fragments.
 */
const START_MS = 1_653_506_641_286;

// 21.x HashJoinStats ids → value per minor fragment; the real file sums these over 70 minors.
function hashJoinMetrics(minor: 0 | 1) {
  const half = (total: number) => (minor === 0 ? Math.ceil(total / 2) : Math.floor(total / 2));
  const byId: Record<number, number> = {
    0: 131_072,
    1: half(630),
    4: half(1_496_733),
    5: half(9_837_212),
    9: 1,
    10: half(363_263_755),
    12: half(75_744_529),
    13: half(198_965_643),
    18: half(621),
    19: half(285_461),
    20: half(6_629_628),
    21: half(78_341),
  };
  // Real profiles list every id of the layout, zeros included (ids 0..28 here).
  return Array.from({ length: 29 }, (_, id) => ({ metricId: id, longValue: byId[id] ?? 0 }));
}

function minorFragment(minor: 0 | 1) {
  const half = (total: number) => (minor === 0 ? Math.ceil(total / 2) : Math.floor(total / 2));
  const op = (operatorId: number, operatorType: number, inputs: number[], metric: unknown[] = []) => ({
    operatorId,
    operatorType,
    inputProfile: inputs.map((records) => ({ records, batches: 1, size: records * 8 })),
    setupNanos: 1_000,
    processNanos: 1_000_000,
    waitNanos: 0,
    peakLocalMemoryAllocated: 1_000_000,
    metric,
  });
  return {
    minorFragmentId: minor,
    state: 3,
    startTime: START_MS + 800,
    endTime: START_MS + 33_000,
    operatorProfile: [
      op(0, 6, [half(6_629_628)], [{ metricId: 16, longValue: 3968 }]),
      op(1, 10, [half(6_629_628)]),
      op(2, 4, [half(6_915_089), half(630)], hashJoinMetrics(minor)),
      op(
        3,
        11,
        [half(630)],
        [
          { metricId: 0, longValue: 0 },
          { metricId: 1, longValue: 1 },
        ],
      ),
      op(4, 53, [half(6_915_089)]),
    ],
  };
}

export function skewnessShapedProfile(): Record<string, unknown> {
  return {
    id: { part1: 2_121_615_083_760_763_392n, part2: -8_517_822_915_278_061_568n },
    start: START_MS,
    end: START_MS + 33_197,
    state: 2,
    totalFragments: 2,
    finishedFragments: 2,
    planningStart: START_MS + 4,
    planningEnd: START_MS + 762,
    planPhases: [],
    datasetProfile: [],
    operatorTypeMetricsMap: {},
    fragmentProfile: [{ majorFragmentId: 0, minorFragmentProfile: [minorFragment(0), minorFragment(1)] }],
  };
}
