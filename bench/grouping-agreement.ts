/**
 * How far two groupings of the same items agree, counted over pairs of items: of the pairs one tool puts
 * in one group, the share the other tool also puts in one group. Workload-weighted: a query that runs
 * 1000 times counts 1000 times, as it does in a report.
 */
export interface GroupingAgreement {
  readonly items: number;
  readonly groupsOurs: number;
  readonly groupsReference: number;
  readonly pairsOurs: number;
  readonly pairsReference: number;
  readonly pairsBoth: number;
  /** pairsBoth / pairsOurs: 1 when everything we group, the reference groups too (we never over-merge). */
  readonly oursKeptByReference: number;
  /** pairsBoth / pairsReference: 1 when everything the reference groups, we group too (we never split). */
  readonly referenceKeptByOurs: number;
  readonly disagreements: readonly GroupDisagreement[];
}

/**
 * One group of one tool that the other tool cuts into several: `split` when the reference groups
 * queries we keep apart, `merge` when we group queries the reference keeps apart.
 */
export interface GroupDisagreement {
  readonly kind: 'split' | 'merge';
  /** The key of the group that the other tool cuts (a reference fingerprint for `split`, ours for `merge`). */
  readonly groupKey: string;
  /** Pairs in the group that the other tool does not group together. */
  readonly pairsApart: number;
  readonly parts: readonly { readonly key: string; readonly items: number; readonly sample: string }[];
}

function pairs(n: number): number {
  return (n * (n - 1)) / 2;
}

interface Part {
  items: number;
  sample: string;
}

function disagreementsOf(options: {
  readonly kind: 'split' | 'merge';
  readonly groups: ReadonlyMap<string, Map<string, Part>>;
}): GroupDisagreement[] {
  const out: GroupDisagreement[] = [];
  for (const [groupKey, parts] of options.groups) {
    if (parts.size < 2) continue;
    const list = [...parts].map(([key, part]) => ({ key, ...part })).sort((a, b) => b.items - a.items);
    const total = list.reduce((sum, p) => sum + p.items, 0);
    const pairsApart = pairs(total) - list.reduce((sum, p) => sum + pairs(p.items), 0);
    out.push({ kind: options.kind, groupKey, pairsApart, parts: list });
  }
  return out;
}

/** Compares two groupings given as one key per item (the same item order in both lists). */
export function compareGroupings(options: {
  readonly ours: readonly string[];
  readonly reference: readonly string[];
  /** The item each position stands for, shown as a sample in disagreements. */
  readonly samples: readonly string[];
}): GroupingAgreement {
  const { ours, reference, samples } = options;
  if (ours.length !== reference.length || ours.length !== samples.length) {
    throw new Error(`groupings differ in length: ${ours.length} ours, ${reference.length} reference`);
  }
  const byReference = new Map<string, Map<string, Part>>();
  const byOurs = new Map<string, Map<string, Part>>();
  const add = (outer: Map<string, Map<string, Part>>, key: string, inner: string, sample: string) => {
    const parts = outer.get(key) ?? new Map<string, Part>();
    outer.set(key, parts);
    const part = parts.get(inner);
    if (part === undefined) parts.set(inner, { items: 1, sample });
    else part.items++;
  };
  for (let i = 0; i < ours.length; i++) {
    add(byReference, reference[i]!, ours[i]!, samples[i]!);
    add(byOurs, ours[i]!, reference[i]!, samples[i]!);
  }
  const sizeOf = (parts: Map<string, Part>) => [...parts.values()].reduce((s, p) => s + p.items, 0);
  const pairsOurs = [...byOurs.values()].reduce((s, parts) => s + pairs(sizeOf(parts)), 0);
  const pairsReference = [...byReference.values()].reduce((s, parts) => s + pairs(sizeOf(parts)), 0);
  let pairsBoth = 0;
  for (const parts of byOurs.values()) for (const part of parts.values()) pairsBoth += pairs(part.items);
  const disagreements = [
    ...disagreementsOf({ kind: 'split', groups: byReference }),
    ...disagreementsOf({ kind: 'merge', groups: byOurs }),
  ].sort((a, b) => b.pairsApart - a.pairsApart || a.groupKey.localeCompare(b.groupKey));
  return {
    items: ours.length,
    groupsOurs: byOurs.size,
    groupsReference: byReference.size,
    pairsOurs,
    pairsReference,
    pairsBoth,
    oursKeptByReference: pairsOurs === 0 ? 1 : pairsBoth / pairsOurs,
    referenceKeptByOurs: pairsReference === 0 ? 1 : pairsBoth / pairsReference,
    disagreements,
  };
}
