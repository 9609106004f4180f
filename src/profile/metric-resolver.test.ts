import { describe, expect, it } from 'vitest';
import { operatorTypeMetricsMapFor } from './metric-catalog.js';
import { createMetricResolver } from './metric-resolver.js';

describe('createMetricResolver', () => {
  const ownMap = {
    metricsDef: [
      {},
      {},
      {},
      {},
      {
        metricDef: [
          { id: 0, name: 'NUM_BUCKETS' },
          { id: 7, name: 'CUSTOM', aggregationType: 1 },
        ],
      },
    ],
  };

  const cases = [
    {
      name: 'own map entry',
      map: ownMap,
      type: 4,
      id: 0,
      expected: { name: 'NUM_BUCKETS', aggregation: 'sum' },
    },
    {
      name: 'own map MAX entry',
      map: ownMap,
      type: 4,
      id: 7,
      expected: { name: 'CUSTOM', aggregation: 'max' },
    },
    {
      name: 'id missing from own map',
      map: ownMap,
      type: 4,
      id: 3,
      expected: { name: 'METRIC_3', aggregation: 'sum' },
    },
    {
      name: 'type missing from own map',
      map: ownMap,
      type: 13,
      id: 0,
      expected: { name: 'BYTES_SENT', aggregation: 'sum' },
    },
    {
      name: 'fallback SUM metric',
      map: {},
      type: 4,
      id: 32,
      expected: { name: 'SPILL_WR_BUILD_BYTES', aggregation: 'sum' },
    },
    {
      name: 'fallback MAX metric',
      map: {},
      type: 4,
      id: 12,
      expected: { name: 'PROBE_FIND_NANOS', aggregation: 'max' },
    },
    {
      name: 'unknown operator type',
      map: {},
      type: 500,
      id: 2,
      expected: { name: 'METRIC_2', aggregation: 'sum' },
    },
  ] as const;
  for (const c of cases) {
    it(c.name, () => {
      const resolver = createMetricResolver({ metricsMap: c.map, dremioVersion: '25.2.0' });
      expect(resolver.resolve(c.type, c.id)).toEqual(c.expected);
    });
  }

  it('reports whether it had to fall back', () => {
    expect(createMetricResolver({ metricsMap: ownMap, dremioVersion: '' }).usedFallback).toBe(false);
    expect(createMetricResolver({ metricsMap: undefined, dremioVersion: '' }).usedFallback).toBe(true);
  });

  it('reads a generated map like a profile map', () => {
    const resolver = createMetricResolver({
      metricsMap: operatorTypeMetricsMapFor('25.2.0'),
      dremioVersion: '',
    });
    expect(resolver.resolve(4, 3)).toEqual({ name: 'NUM_RESIZING', aggregation: 'max' });
    expect(resolver.resolve(53, 77)).toEqual({ name: 'NUM_MANIFEST_FILE', aggregation: 'sum' });
  });
});
