import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { metricIdFor, metricNamesFor, operatorTypeMetricsMapFor } from './metric-catalog.js';
import { CORE_OPERATOR_TYPES, OPERATOR_TYPE, tableFunctionTypeName } from './operator-types.js';

const PROFILE1 = new URL('../../test/fixtures/real/dqd/profile1.json', import.meta.url);

describe('metricIdFor', () => {
  const cases = [
    { name: 'TF NUM_DATA_FILE in 24.0', version: '24.0.0', type: 53, metric: 'NUM_DATA_FILE', id: 71 },
    { name: 'TF NUM_DATA_FILE in 24.3', version: '24.3.2-x', type: 53, metric: 'NUM_DATA_FILE', id: 74 },
    { name: 'TF NUM_DATA_FILE in 25.0', version: '25.0.0', type: 53, metric: 'NUM_DATA_FILE', id: 76 },
    {
      name: 'TF NUM_MANIFEST_FILE in 25.2',
      version: '25.2.1',
      type: 53,
      metric: 'NUM_MANIFEST_FILE',
      id: 77,
    },
    { name: 'TF NUM_DATA_FILE in 21.6', version: '21.6.0-2022', type: 53, metric: 'NUM_DATA_FILE', id: 70 },
    { name: 'HJ SPILL_COUNT in 25.0', version: '25.0.4', type: 4, metric: 'SPILL_COUNT', id: 30 },
    {
      name: 'HJ SPILL_WR_BUILD_BYTES in 24.0',
      version: '24.0.0',
      type: 4,
      metric: 'SPILL_WR_BUILD_BYTES',
      id: 33,
    },
    {
      name: 'HJ SPILL_WR_PROBE_BYTES in 25.0',
      version: '25.0.0',
      type: 4,
      metric: 'SPILL_WR_PROBE_BYTES',
      id: 40,
    },
    {
      name: 'fidelity-gaps #5: HJ SPILL_COUNT in 25.1.0',
      version: '25.1.0',
      type: 4,
      metric: 'SPILL_COUNT',
      id: 31,
    },
    {
      name: 'fidelity-gaps #5: HJ SPILL_WR_BUILD_BYTES in 25.1.1',
      version: '25.1.1',
      type: 4,
      metric: 'SPILL_WR_BUILD_BYTES',
      id: 34,
    },
    {
      name: 'fidelity-gaps #5: HJ SPILL_WR_PROBE_BYTES in 25.1.1',
      version: '25.1.1',
      type: 4,
      metric: 'SPILL_WR_PROBE_BYTES',
      id: 41,
    },
    {
      name: 'fidelity-gaps #5: HJ ACCUMULATE_TIME_NANOS still in 25.1.1',
      version: '25.1.1',
      type: 4,
      metric: 'ACCUMULATE_TIME_NANOS',
      id: 7,
    },
    {
      name: 'fidelity-gaps #5: HJ SPILL_COUNT in 25.2',
      version: '25.2.0',
      type: 4,
      metric: 'SPILL_COUNT',
      id: 29,
    },
    {
      name: 'HJ SPILL_WR_BUILD_BYTES in 25.2',
      version: '25.2.0',
      type: 4,
      metric: 'SPILL_WR_BUILD_BYTES',
      id: 32,
    },
    {
      name: 'HJ SPILL_WR_PROBE_BYTES in 26.0',
      version: '26.0.0',
      type: 4,
      metric: 'SPILL_WR_PROBE_BYTES',
      id: 39,
    },
    { name: 'HJ SPILL_NANOS in 25.2', version: '25.2.0', type: 4, metric: 'SPILL_NANOS', id: 54 },
    { name: 'HJ NUM_BUCKETS in 25.1', version: '25.1.0', type: 4, metric: 'NUM_BUCKETS', id: 1 },
    { name: 'HJ NUM_BUCKETS in 24.3', version: '24.3.0', type: 4, metric: 'NUM_BUCKETS', id: 0 },
    {
      name: 'HJ IS_SPILLING absent in 25.0',
      version: '25.0.0',
      type: 4,
      metric: 'IS_SPILLING',
      id: undefined,
    },
    {
      name: 'HashAgg TOTAL_SPILLED_DATA_SIZE',
      version: '24.0.0',
      type: 3,
      metric: 'TOTAL_SPILLED_DATA_SIZE',
      id: 28,
    },
    { name: 'HashAgg SETUP_MILLIS in 25.2', version: '25.2.0', type: 3, metric: 'SETUP_MILLIS', id: 58 },
    {
      name: 'Sort TOTAL_SPILLED_DATA_SIZE',
      version: '25.2.0',
      type: 17,
      metric: 'TOTAL_SPILLED_DATA_SIZE',
      id: 7,
    },
    {
      name: 'Scan NUM_PARTITIONS_PRUNED',
      version: '24.0.0',
      type: 52,
      metric: 'NUM_PARTITIONS_PRUNED',
      id: 44,
    },
    { name: 'Scan NUM_PAGES_PRUNED', version: '25.2.0', type: 21, metric: 'NUM_PAGES_PRUNED', id: 53 },
    {
      name: 'Scan DRY_RUN_READ_TIME_NS',
      version: '25.0.0',
      type: 21,
      metric: 'DRY_RUN_READ_TIME_NS',
      id: 75,
    },
    {
      name: 'Scan NUM_ORPHAN_FILES absent in 24.0',
      version: '24.0.0',
      type: 21,
      metric: 'NUM_ORPHAN_FILES',
      id: undefined,
    },
    { name: 'NLJ PROBE_COUNT', version: '25.2.0', type: 35, metric: 'PROBE_COUNT', id: 3 },
    { name: 'Screen BYTES_SENT', version: '25.2.0', type: 13, metric: 'BYTES_SENT', id: 0 },
    { name: 'unknown operator type', version: '25.2.0', type: 999, metric: 'BYTES_SENT', id: undefined },
  ] as const;
  for (const c of cases) {
    it(c.name, () => {
      expect(metricIdFor({ dremioVersion: c.version, operatorType: c.type, name: c.metric })).toBe(c.id);
    });
  }

  it('defaults a missing version to the newest layout', () => {
    expect(metricIdFor({ dremioVersion: undefined, operatorType: 4, name: 'IS_SPILLING' })).toBe(0);
  });
});

describe('metricNamesFor', () => {
  it('has the documented entry counts', () => {
    const count = (v: string, t: number) => metricNamesFor({ dremioVersion: v, operatorType: t }).length;
    expect([count('24.0.0', 21), count('24.3.0', 21), count('25.1.0', 21)]).toEqual([71, 74, 76]);
    expect([count('24.0.0', 3), count('25.0.0', 3), count('25.2.0', 3)]).toEqual([52, 58, 60]);
    expect([count('25.1.0', 17), count('25.2.0', 17)]).toEqual([26, 30]);
    expect(count('25.1.0', 4)).toBe(56);
  });

  it('matches every metric map a real 21.6 profile carries', () => {
    const raw = JSON.parse(readFileSync(PROFILE1, 'utf8')) as {
      dremioVersion: string;
      operatorTypeMetricsMap: { metricsDef: { metricDef?: { id: number; name: string }[] }[] };
    };
    let compared = 0;
    raw.operatorTypeMetricsMap.metricsDef.forEach((def, type) => {
      const real = (def.metricDef ?? []).map((m) => m.name);
      if (real.length === 0) return;
      expect({
        type,
        names: metricNamesFor({ dremioVersion: raw.dremioVersion, operatorType: type }),
      }).toEqual({
        type,
        names: real,
      });
      compared++;
    });
    expect(compared).toBeGreaterThan(15);
  });

  it('builds a whole operatorTypeMetricsMap', () => {
    const map = operatorTypeMetricsMapFor('25.2.0');
    expect(map.metricsDef).toHaveLength(CORE_OPERATOR_TYPES.length);
    expect(map.metricsDef[4]?.metricDef[0]).toEqual({ id: 0, name: 'IS_SPILLING' });
    expect(map.metricsDef[53]?.metricDef[76]).toEqual({ id: 76, name: 'NUM_DATA_FILE' });
  });
});

describe('operator types', () => {
  it('names agree with the OPERATOR_TYPE constants', () => {
    for (const [name, type] of Object.entries(OPERATOR_TYPE)) expect(CORE_OPERATOR_TYPES[type]).toBe(name);
    expect(CORE_OPERATOR_TYPES).toHaveLength(68);
  });

  const subtypes = [
    { name: 'DATA_FILE_SCAN everywhere', version: '24.0.0', subtype: 3, expected: 'DATA_FILE_SCAN' },
    { name: 'FOOTER_READER in 24.0', version: '24.0.0', subtype: 7, expected: 'FOOTER_READER' },
    {
      name: 'DIR_LISTING_SPLIT_GENERATION in 25.2',
      version: '25.2.0',
      subtype: 7,
      expected: 'DIR_LISTING_SPLIT_GENERATION',
    },
    {
      name: 'ICEBERG_SNAPSHOTS_SCAN in 24.3',
      version: '24.3.1',
      subtype: 24,
      expected: 'ICEBERG_SNAPSHOTS_SCAN',
    },
    {
      name: 'DELTALAKE_HISTORY_SCAN in 25.2',
      version: '25.2.0',
      subtype: 25,
      expected: 'DELTALAKE_HISTORY_SCAN',
    },
    { name: 'out of range', version: '24.0.0', subtype: 40, expected: 'UNKNOWN_SUBTYPE_40' },
  ] as const;
  for (const c of subtypes) {
    it(`table function subtype: ${c.name}`, () => {
      expect(tableFunctionTypeName({ dremioVersion: c.version, subtype: c.subtype })).toBe(c.expected);
    });
  }
});
