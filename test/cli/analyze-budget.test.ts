import { describe, expect, it } from 'vitest';
import { analyzeInput, budgetOf } from '../../src/app/analyze.js';
import { parseServiceInput } from '../../src/app/service.js';
import { planAnalyze } from '../../src/cli/analyze.js';
import { describeFieldError } from '../../src/cli/field-flags.js';
import { describeReflectionsLeftOut } from '../../src/format/reflections-left-out.js';

describe('the reflection budget of analyze', () => {
  it('maps --budget-gb and --budget-refresh-min-per-day to the service fields, and those to bytes and ms a day', () => {
    const plan = planAnalyze({
      format: 'table',
      dryRun: false,
      budgetGb: '50',
      budgetRefreshMinPerDay: '30',
    });
    expect(plan.service).toEqual({ dryRun: false, budgetGb: '50', budgetRefreshMinPerDay: '30' });
    // 50 GB = 5 × 10^10 bytes; 30 min = 1,800,000 ms.
    expect(budgetOf(parseServiceInput('analyze', analyzeInput, plan.service))).toEqual({
      storageBytes: 50_000_000_000,
      refreshMsPerDay: 1_800_000,
    });
    expect(budgetOf(parseServiceInput('analyze', analyzeInput, {}))).toEqual({});
  });

  it('rejects a negative or non-numeric budget naming the field, which the CLI shows as its flag', () => {
    const plan = planAnalyze({
      format: 'table',
      dryRun: false,
      budgetGb: '-1',
      budgetRefreshMinPerDay: 'lots',
    });
    let error: unknown;
    try {
      parseServiceInput('analyze', analyzeInput, plan.service);
    } catch (e) {
      error = e;
    }
    const lines = describeFieldError(error) ?? [];
    expect(lines.some((l) => l.startsWith('  --budget-gb: got "-1"'))).toBe(true);
    expect(lines.some((l) => l.startsWith('  --budget-refresh-min-per-day: got "lots"'))).toBe(true);
  });

  it('prints what the reflection set left out, with its numbers', () => {
    expect(describeReflectionsLeftOut([])).toEqual([]);
    expect(
      describeReflectionsLeftOut([
        {
          datasetPath: 'lake.sales.orders',
          type: 'raw',
          fingerprints: ['r'],
          reason: 'budget',
          savingsMsPerDay: 4000,
          refreshMsPerDay: 100,
          storageBytes: 333_333_333,
          existingReflection: null,
        },
        {
          datasetPath: 'lake.sales.orders',
          type: 'aggregate',
          fingerprints: ['a', 'b'],
          reason: 'existing',
          savingsMsPerDay: 0,
          refreshMsPerDay: 0,
          storageBytes: 0,
          existingReflection: 'orders_by_region',
        },
      ]),
    ).toEqual([
      'Reflections not recommended:',
      '  raw reflection on lake.sales.orders (1 query shape): left out for the budget, saves 4.0 s/day, refresh 100 ms/day, storage 333.3 MB',
      '  aggregate reflection on lake.sales.orders (2 query shapes): already served, by reflection orders_by_region',
    ]);
  });

  it('wraps what was left out to the terminal width, losing no word', () => {
    const leftOut = {
      datasetPath: 'lake.sales.orders_with_a_rather_long_name',
      type: 'raw' as const,
      fingerprints: ['r'],
      reason: 'budget' as const,
      savingsMsPerDay: 4000,
      refreshMsPerDay: 100,
      storageBytes: 333_333_333,
      existingReflection: null,
    };
    const [heading, entry] = describeReflectionsLeftOut([leftOut], 50);
    expect(heading).toBe('Reflections not recommended:');
    const lines = entry!.split('\n');
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(50);
    expect(lines.map((l) => l.trim()).join(' ')).toBe(describeReflectionsLeftOut([leftOut])[1]!.trim());
  });
});
