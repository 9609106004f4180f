import { describe, expect, it } from 'vitest';
import { fromSysReflectionRow, splitColumns } from './reflection-record.js';

describe('splitColumns', () => {
  const cases = [
    { name: 'plain list', value: 'a, b ,c', expected: ['a', 'b', 'c'] },
    { name: 'bracketed', value: '[a, b]', expected: ['a', 'b'] },
    {
      name: 'measures keep their functions',
      value: 'amount (SUM, COUNT), qty (MAX)',
      expected: ['amount (SUM, COUNT)', 'qty (MAX)'],
    },
    { name: 'empty', value: '', expected: [] },
    { name: 'null', value: null, expected: [] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(splitColumns(c.value)).toEqual(c.expected);
    });
  }
});

describe('fromSysReflectionRow', () => {
  it('reads a 24.x row, where the 25.0 status columns are missing', () => {
    const record = fromSysReflectionRow({
      reflection_id: 'r1',
      reflection_name: 'agg',
      type: 'AGGREGATION',
      status: 'CAN_ACCELERATE',
      dataset_id: 'd1',
      dataset_name: 'lake.sales.orders',
      dimensions: 'order_ts, region',
      measures: 'amount (SUM, COUNT)',
      num_failures: 2,
    });
    expect(record).toMatchObject({
      id: 'r1',
      datasetPath: 'lake.sales.orders',
      dimensionFields: ['order_ts', 'region'],
      measureFields: [{ name: 'amount', measures: ['SUM', 'COUNT'] }],
      failureCount: 2,
      refreshStatus: 'UNKNOWN',
      source: 'sys-table',
    });
  });
});
