import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  chooseReflectionSet,
  EXACT_OPTION_LIMIT,
  fitsBudget,
  greedy,
  netOf,
  type SetBudget,
  type SetOption,
  totalNet,
} from './optimizer.js';

/** One query shape: what its reflection saves a day and the storage its columns take. */
interface Member {
  readonly savingsMsPerDay: number;
  readonly storageBytes: number;
}

/** Shapes on one dataset; any reflection there costs one refresh (a scan of the dataset). */
interface Group {
  readonly refreshMsPerDay: number;
  readonly members: readonly Member[];
}

/**
 * The options the plan makes, with the cost model's structure: a merged reflection saves what its
 * shapes save, refreshes once, and its storage grows with the columns it adds (the largest shape's,
 * plus half of each other's, as shared columns are stored once).
 */
function optionsOf(groups: readonly Group[]): SetOption[] {
  return groups.flatMap((g, gi) => {
    const out: SetOption[] = [];
    for (let mask = 1; mask < 1 << g.members.length; mask++) {
      const picked = g.members.filter((_, i) => (mask >> i) & 1);
      const sizes = picked.map((m) => m.storageBytes);
      const largest = Math.max(...sizes);
      out.push({
        group: `g${gi}`,
        key: `g${gi}:${mask}`,
        size: picked.length,
        savingsMsPerDay: picked.reduce((s, m) => s + m.savingsMsPerDay, 0),
        refreshMsPerDay: g.refreshMsPerDay,
        storageBytes: largest + (sizes.reduce((a, b) => a + b, 0) - largest) / 2,
      });
    }
    return out;
  });
}

/** The old way: one reflection per shape, best net first, while the budget lasts. */
function onePerFindingNet(groups: readonly Group[], budget: SetBudget): number {
  const items = groups.flatMap((g) =>
    g.members.map((m) => ({
      net: m.savingsMsPerDay - g.refreshMsPerDay,
      storage: m.storageBytes,
      refresh: g.refreshMsPerDay,
    })),
  );
  let storage = 0;
  let refresh = 0;
  let net = 0;
  for (const item of [...items].sort((a, b) => b.net - a.net)) {
    if (item.net <= 0) break;
    if (storage + item.storage > (budget.storageBytes ?? Infinity)) continue;
    if (refresh + item.refresh > (budget.refreshMsPerDay ?? Infinity)) continue;
    storage += item.storage;
    refresh += item.refresh;
    net += item.net;
  }
  return net;
}

/** Every selection with at most one option per group. */
function bruteForceNet(options: readonly SetOption[], budget: SetBudget): number {
  const groups = [...new Set(options.map((o) => o.group))];
  let best = 0;
  const walk = (k: number, chosen: number[]): void => {
    if (k === groups.length) {
      if (fitsBudget(options, chosen, budget)) best = Math.max(best, totalNet(options, chosen));
      return;
    }
    walk(k + 1, chosen);
    options.forEach((o, i) => {
      if (o.group === groups[k]) walk(k + 1, [...chosen, i]);
    });
  };
  walk(0, []);
  return best;
}

const member = fc.record({
  savingsMsPerDay: fc.integer({ min: 0, max: 5000 }),
  storageBytes: fc.integer({ min: 1, max: 100 }),
});
const group = (maxMembers: number) =>
  fc.record({
    refreshMsPerDay: fc.integer({ min: 0, max: 3000 }),
    members: fc.array(member, { minLength: 1, maxLength: maxMembers }),
  });
const budget = fc.record(
  { storageBytes: fc.integer({ min: 0, max: 300 }), refreshMsPerDay: fc.integer({ min: 0, max: 8000 }) },
  { requiredKeys: [] },
);

describe('chooseReflectionSet', () => {
  it('on a tiny instance merges the two shapes one reflection serves, and keeps within the budget (by hand)', () => {
    const groups: Group[] = [
      {
        refreshMsPerDay: 300,
        members: [
          { savingsMsPerDay: 1000, storageBytes: 10 },
          { savingsMsPerDay: 800, storageBytes: 10 },
        ],
      },
      { refreshMsPerDay: 100, members: [{ savingsMsPerDay: 500, storageBytes: 20 }] },
      { refreshMsPerDay: 0, members: [{ savingsMsPerDay: 1000, storageBytes: 10 }] },
    ];
    const options = optionsOf(groups);
    // g0:1 = shape 1 alone (net 700), g0:2 = shape 2 alone (net 500), g0:3 = both merged: saves
    // 1800, one refresh of 300 → net 1500, storage 10 + 10/2 = 15; g1:1 = net 400, storage 20;
    // g2:1 = net 1000, storage 10.
    expect(options.map((o) => [o.key, netOf(o), o.storageBytes])).toEqual([
      ['g0:1', 700, 10],
      ['g0:2', 500, 10],
      ['g0:3', 1500, 15],
      ['g1:1', 400, 20],
      ['g2:1', 1000, 10],
    ]);
    const keys = (b: SetBudget) => chooseReflectionSet(options, b).map((i) => options[i]!.key);
    // Unlimited: merged g0, g1 and g2 → 2900 a day; one per shape refreshes g0 twice: 2600.
    expect(keys({})).toEqual(['g0:3', 'g1:1', 'g2:1']);
    expect(onePerFindingNet(groups, {})).toBe(2600);
    // 30 bytes: g0:3 + g2 (25 bytes, 2500) beats anything with g1 (20 bytes).
    expect(keys({ storageBytes: 30 })).toEqual(['g0:3', 'g2:1']);
    // 20 bytes: taking the best net first (g0:3, 15 bytes) leaves no room for g2 → 1500; shape 1 alone
    // and g2 fill the 20 bytes for 700 + 1000 = 1700.
    expect(keys({ storageBytes: 20 })).toEqual(['g0:1', 'g2:1']);
    // 350 ms of refresh a day: g0 (300) and g1 (100) do not both fit; g2 refreshes for free.
    expect(keys({ refreshMsPerDay: 350 })).toEqual(['g0:3', 'g2:1']);
    expect(keys({ storageBytes: 0 })).toEqual([]);
  });

  it('never chooses an option that loses time, even when it fits', () => {
    const options = optionsOf([
      { refreshMsPerDay: 900, members: [{ savingsMsPerDay: 800, storageBytes: 1 }] },
    ]);
    expect(chooseReflectionSet(options, {})).toEqual([]);
  });

  it('equals the brute-force optimum on small instances, and beats or ties one reflection per finding', () => {
    fc.assert(
      fc.property(fc.array(group(3), { minLength: 1, maxLength: 4 }), budget, (groups, b) => {
        const options = optionsOf(groups);
        fc.pre(options.length <= EXACT_OPTION_LIMIT);
        const chosen = chooseReflectionSet(options, b);
        expect(fitsBudget(options, chosen, b)).toBe(true);
        expect(new Set(chosen.map((i) => options[i]!.group)).size).toBe(chosen.length);
        const net = totalNet(options, chosen);
        expect(net).toBeCloseTo(bruteForceNet(options, b), 6);
        expect(net).toBeGreaterThanOrEqual(onePerFindingNet(groups, b) - 1e-6);
      }),
      { numRuns: 300, seed: 16 },
    );
  });

  it('above the exact limit, keeps within the budget and beats or ties greedy, deterministically', () => {
    fc.assert(
      fc.property(fc.array(group(4), { minLength: 6, maxLength: 10 }), budget, (groups, b) => {
        const options = optionsOf(groups);
        fc.pre(options.length > EXACT_OPTION_LIMIT);
        const chosen = chooseReflectionSet(options, b);
        expect(fitsBudget(options, chosen, b)).toBe(true);
        expect(new Set(chosen.map((i) => options[i]!.group)).size).toBe(chosen.length);
        const byNet = options
          .map((_, i) => i)
          .filter((i) => netOf(options[i]!) > 0)
          .sort(
            (x, y) =>
              netOf(options[y]!) - netOf(options[x]!) || options[x]!.key.localeCompare(options[y]!.key),
          );
        expect(totalNet(options, chosen)).toBeGreaterThanOrEqual(
          totalNet(options, greedy(options, byNet, b)) - 1e-6,
        );
        expect(chooseReflectionSet(options, b)).toEqual(chosen);
      }),
      { numRuns: 100, seed: 16 },
    );
  });
});
