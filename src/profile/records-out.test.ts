import { describe, expect, it } from 'vitest';
import { createMetricResolver } from './metric-resolver.js';
import { accumulateOperators } from './operator-aggregation.js';
import { parsePlanText } from './plan-text.js';
import { deriveRecordsOut } from './records-out.js';

const PLAN = [
  '00-00  Screen : rowcount = 1.0',
  '00-01    HashAgg(group=[{0}]) : rowcount = 1.0',
  '00-02      UnionExchange : rowcount = 1.0',
  '01-01        Filter(condition=[>($0, 1)]) : rowcount = 1.0',
  '01-02          Project(a=[$0]) : rowcount = 1.0',
  '01-03            HashJoin(condition=[=($0, $1)], joinType=[inner]) : rowcount = 1.0',
  '01-04              Project(a=[$0]) : rowcount = 1.0',
  '01-05              Project(b=[$0]) : rowcount = 1.0',
].join('\n');

const op = (
  operatorId: number,
  operatorType: number,
  records: number[],
  extra: Record<string, unknown> = {},
) => ({
  operatorId,
  operatorType,
  inputProfile: records.map((r) => ({ records: r })),
  ...extra,
});

const FRAGMENTS = [
  {
    majorFragmentId: 0,
    minorFragmentProfile: [{ operatorProfile: [op(0, 13, [4]), op(1, 3, [70]), op(2, 11, [70])] }],
  },
  {
    majorFragmentId: 1,
    minorFragmentProfile: [0, 1].map(() => ({
      operatorProfile: [
        op(0, 0, [35]),
        op(1, 2, [50]),
        op(2, 10, [50]),
        op(3, 4, [60, 8]),
        op(4, 10, [70]),
        op(5, 10, [9]),
        op(6, 10, [5]),
      ],
    })),
  },
];

describe('deriveRecordsOut', () => {
  const resolver = createMetricResolver({ metricsMap: {}, dremioVersion: '21.6.0' });
  const byKey = accumulateOperators({ fragmentProfile: FRAGMENTS, resolver });
  const planByKey = new Map(parsePlanText(PLAN).map((n) => [n.key, n]));
  const out = (key: string) => {
    const acc = byKey.get(key);
    if (acc === undefined) throw new Error(`no ${key}`);
    return deriveRecordsOut({ acc, byKey, planByKey });
  };

  const cases = [
    { name: 'pass-through screen', key: '00-00', expected: { recordsOut: 4, recordsOutSource: 'own-input' } },
    {
      name: 'parent in the same fragment',
      key: '00-01',
      expected: { recordsOut: 4, recordsOutSource: 'parent-input' },
    },
    {
      name: 'parent behind an exchange',
      key: '01-01',
      expected: { recordsOut: 70, recordsOutSource: 'parent-input' },
    },
    {
      name: 'join probe child',
      key: '01-04',
      expected: { recordsOut: 120, recordsOutSource: 'parent-input' },
    },
    {
      name: 'join build child',
      key: '01-05',
      expected: { recordsOut: 16, recordsOutSource: 'parent-input' },
    },
    {
      name: 'pass-through receiver',
      key: '00-02',
      expected: { recordsOut: 70, recordsOutSource: 'own-input' },
    },
    {
      name: 'operator missing from the plan',
      key: '01-06',
      expected: { recordsOut: 0, recordsOutSource: 'unknown' },
    },
  ] as const;
  for (const c of cases) {
    it(c.name, () => {
      expect(out(c.key)).toEqual(c.expected);
    });
  }
});
