import { datasetPathKey } from '../../domain/dataset-path.js';
import type { ReflectionCandidate } from './candidates.js';

/** Up to this many shapes on one dataset, every combination of them is an option; above it, fewer. */
export const ALL_SUBSETS_LIMIT = 4;

export interface ReflectionOption {
  /** Dataset and type: one reflection of each per dataset, so a group's options exclude each other. */
  readonly group: string;
  readonly key: string;
  readonly candidates: readonly ReflectionCandidate[];
}

/**
 * The reflections that could serve the candidates: per dataset and type, each shape alone, shapes merged
 * (one reflection with the union of their columns: more storage, but one refresh instead of several), and
 * all of them together. With many shapes, the merges are the runs-per-day prefixes, most-run shape first.
 */
export function reflectionOptions(candidates: readonly ReflectionCandidate[]): ReflectionOption[] {
  const groups = new Map<string, ReflectionCandidate[]>();
  for (const c of candidates) {
    const group = `${c.type}:${datasetPathKey(c.datasetPath)}`;
    groups.set(group, [...(groups.get(group) ?? []), c]);
  }
  const options: ReflectionOption[] = [];
  for (const group of [...groups.keys()].sort()) {
    for (const subset of subsetsOf(groups.get(group)!)) {
      const key = `${group}:${subset.map((c) => c.group.fingerprint).join('+')}`;
      options.push({ group, key, candidates: subset });
    }
  }
  return options;
}

function subsetsOf(members: readonly ReflectionCandidate[]): ReflectionCandidate[][] {
  if (members.length <= ALL_SUBSETS_LIMIT) {
    const out: ReflectionCandidate[][] = [];
    for (let mask = 1; mask < 1 << members.length; mask++)
      out.push(members.filter((_, i) => (mask >> i) & 1));
    return out;
  }
  const byRuns = [...members].sort(
    (a, b) =>
      b.group.runsPerDay - a.group.runsPerDay || a.group.fingerprint.localeCompare(b.group.fingerprint),
  );
  const singles = members.map((m) => [m]);
  const prefixes = byRuns.slice(1).map((_, i) => byRuns.slice(0, i + 2));
  return [...singles, ...prefixes];
}
