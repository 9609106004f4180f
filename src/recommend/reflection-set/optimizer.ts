/**
 * Chooses reflections for the whole workload: a multiple-choice knapsack. Each option is one reflection a
 * group (a dataset and reflection type) could get; a group gets at most one, since the options of a group
 * serve overlapping query shapes and their savings would otherwise count twice. Maximises the summed net
 * (saving minus refresh) under a storage and a refresh-time budget. Exact by branch and bound up to
 * EXACT_OPTION_LIMIT options, else greedy seeds improved by single swaps. Deterministic: ties go to the key.
 */

export interface SetOption {
  /** Options sharing a group exclude each other. */
  readonly group: string;
  /** Unique and stable; breaks ties. */
  readonly key: string;
  /** How many query shapes it serves; the option serving most is what one-reflection-per-group would build. */
  readonly size: number;
  readonly savingsMsPerDay: number;
  readonly refreshMsPerDay: number;
  readonly storageBytes: number;
}

export interface SetBudget {
  readonly storageBytes?: number;
  readonly refreshMsPerDay?: number;
}

export const EXACT_OPTION_LIMIT = 20;

export function netOf(o: SetOption): number {
  return o.savingsMsPerDay - o.refreshMsPerDay;
}

/** Summed net of a selection (indices into options). */
export function totalNet(options: readonly SetOption[], chosen: readonly number[]): number {
  return chosen.reduce((sum, i) => sum + netOf(options[i]!), 0);
}

export function fitsBudget(
  options: readonly SetOption[],
  chosen: readonly number[],
  budget: SetBudget,
): boolean {
  const storage = chosen.reduce((sum, i) => sum + options[i]!.storageBytes, 0);
  const refresh = chosen.reduce((sum, i) => sum + options[i]!.refreshMsPerDay, 0);
  return (
    storage <= (budget.storageBytes ?? Number.POSITIVE_INFINITY) &&
    refresh <= (budget.refreshMsPerDay ?? Number.POSITIVE_INFINITY)
  );
}

/** The best selection (indices, ascending). Options with no positive net are never chosen. */
export function chooseReflectionSet(options: readonly SetOption[], budget: SetBudget): number[] {
  const worth = options.flatMap((o, i) => (netOf(o) > 0 ? [i] : []));
  const chosen =
    worth.length <= EXACT_OPTION_LIMIT ? exact(options, worth, budget) : heuristic(options, worth, budget);
  return [...chosen].sort((a, b) => a - b);
}

function byGroup(options: readonly SetOption[], indices: readonly number[]): number[][] {
  const groups = new Map<string, number[]>();
  for (const i of indices) groups.set(options[i]!.group, [...(groups.get(options[i]!.group) ?? []), i]);
  return [...groups.keys()].sort().map((g) => groups.get(g)!);
}

function exact(options: readonly SetOption[], indices: readonly number[], budget: SetBudget): number[] {
  const groups = byGroup(options, indices).map((g) =>
    [...g].sort((a, b) => netOf(options[b]!) - netOf(options[a]!) || a - b),
  );
  // What the groups from k on could add at most, ignoring the budget: the bound that prunes a branch.
  const bound = groups.map(() => 0);
  for (let k = groups.length - 1; k >= 0; k--)
    bound[k] = netOf(options[groups[k]![0]!]!) + (bound[k + 1] ?? 0);
  const maxStorage = budget.storageBytes ?? Number.POSITIVE_INFINITY;
  const maxRefresh = budget.refreshMsPerDay ?? Number.POSITIVE_INFINITY;
  let best: number[] = [];
  let bestNet = 0;
  const path: number[] = [];
  const visit = (k: number, net: number, storage: number, refresh: number): void => {
    if (net > bestNet) {
      bestNet = net;
      best = [...path];
    }
    if (k >= groups.length || net + bound[k]! <= bestNet) return;
    for (const i of groups[k]!) {
      const o = options[i]!;
      if (storage + o.storageBytes > maxStorage || refresh + o.refreshMsPerDay > maxRefresh) continue;
      path.push(i);
      visit(k + 1, net + netOf(o), storage + o.storageBytes, refresh + o.refreshMsPerDay);
      path.pop();
    }
    visit(k + 1, net, storage, refresh);
  };
  visit(0, 0, 0, 0);
  return best;
}

function heuristic(options: readonly SetOption[], indices: readonly number[], budget: SetBudget): number[] {
  // Budget use as a share of each limit, so storage bytes and refresh milliseconds weigh alike.
  const use = (o: SetOption) =>
    (budget.storageBytes === undefined ? 0 : o.storageBytes / Math.max(budget.storageBytes, 1)) +
    (budget.refreshMsPerDay === undefined ? 0 : o.refreshMsPerDay / Math.max(budget.refreshMsPerDay, 1));
  const byKey = (a: number, b: number) => options[a]!.key.localeCompare(options[b]!.key);
  const density = [...indices].sort(
    (a, b) =>
      netOf(options[b]!) / (use(options[b]!) + 1e-9) - netOf(options[a]!) / (use(options[a]!) + 1e-9) ||
      byKey(a, b),
  );
  const byNet = [...indices].sort((a, b) => netOf(options[b]!) - netOf(options[a]!) || byKey(a, b));
  const largest = byGroup(options, indices).map((g) =>
    g.reduce((a, b) => (options[b]!.size > options[a]!.size ? b : a)),
  );
  const seeds = [
    greedy(options, density, budget),
    greedy(options, byNet, budget),
    greedy(
      options,
      byNet.filter((i) => largest.includes(i)),
      budget,
    ),
  ];
  let best: number[] = [];
  for (const seed of seeds) {
    const improved = improve(options, indices, seed, budget);
    if (totalNet(options, improved) > totalNet(options, best)) best = improved;
  }
  return best;
}

/** Takes options in the given order when their group is still free and they fit what is left. */
export function greedy(options: readonly SetOption[], order: readonly number[], budget: SetBudget): number[] {
  const chosen: number[] = [];
  for (const i of order) {
    if (chosen.some((c) => options[c]!.group === options[i]!.group)) continue;
    if (fitsBudget(options, [...chosen, i], budget)) chosen.push(i);
  }
  return chosen;
}

/** Single moves: bring one option in, dropping its group's current one and, if needed, one more to fit. */
function improve(
  options: readonly SetOption[],
  indices: readonly number[],
  start: readonly number[],
  budget: SetBudget,
): number[] {
  let current = [...start];
  for (let changed = true; changed; ) {
    changed = false;
    for (const i of indices) {
      if (current.includes(i)) continue;
      const base = current.filter((c) => options[c]!.group !== options[i]!.group);
      const tries = [base, ...base.map((drop) => base.filter((c) => c !== drop))].map((s) => [...s, i]);
      const better = tries.find(
        (s) => fitsBudget(options, s, budget) && totalNet(options, s) > totalNet(options, current) + 1e-9,
      );
      if (better !== undefined) {
        current = better;
        changed = true;
      }
    }
  }
  return current;
}
