import { describe, expect, it } from 'vitest';
import { inferMetricLayout } from './infer-metric-layout.js';

const hashJoin = (byId: Record<number, number>) => ({
  operatorType: 4,
  metric: Object.entries(byId).map(([id, longValue]) => ({ metricId: Number(id), longValue })),
});
const receiver = (maxId: number) => ({
  operatorType: 11,
  metric: Array.from({ length: maxId + 1 }, (_, id) => ({ metricId: id, longValue: 1 })),
});
const fragments = (...ops: unknown[]) => [{ minorFragmentProfile: [{ operatorProfile: ops }] }];

describe('inferMetricLayout', () => {
  const cases = [
    {
      name: '21.x: NUM_BUCKETS at 0, two receiver metrics',
      ops: [hashJoin({ 0: 65_536, 9: 1 }), receiver(1)],
      expected: '21.0.0',
    },
    {
      name: '24.x: NUM_BUCKETS at 0, three receiver metrics',
      ops: [hashJoin({ 0: 65_536, 9: 1 }), receiver(2)],
      expected: '24.0.0',
    },
    {
      name: '25.1: IS_SPILLING at 0, VECTORIZED at 10',
      ops: [hashJoin({ 0: 0, 8: 9_000, 10: 1 })],
      expected: '25.1.0',
    },
    {
      name: '25.2: IS_SPILLING at 0, VECTORIZED at 8',
      ops: [hashJoin({ 0: 1, 8: 1, 10: 9_000 })],
      expected: '25.2.0',
    },
    { name: 'nothing to tell by', ops: [{ operatorType: 10, metric: [] }], expected: undefined },
  ] as const;
  for (const c of cases) {
    it(`fidelity-gaps #5: ${c.name}`, () => {
      expect(inferMetricLayout(fragments(...c.ops))).toBe(c.expected);
    });
  }
});
