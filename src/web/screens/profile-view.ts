/**
 * The parts of a stored profile summary (src/domain/profile-summary.ts) the job page shows. The API
 * types it as `unknown` and browser code may not import the domain, so this reads it defensively: a
 * summary stored by an older release that lacks a part shows that part as absent, never breaks the page.
 */

export interface Spread {
  readonly sum: number;
  readonly max: number;
  readonly median: number;
}

export interface OperatorView {
  readonly key: string;
  readonly typeName: string;
  readonly subtypeName?: string;
  readonly minorFragmentCount: number;
  readonly recordsIn: number;
  readonly recordsOut: number;
  readonly processNanos: Spread;
  readonly waitNanos: Spread;
  readonly peakMemoryBytes: number;
}

export interface ScanView {
  readonly key: string;
  readonly table?: string;
  readonly columns: readonly string[];
  readonly hasPartitionFilter: boolean;
  readonly hasPruneCondition: boolean;
  readonly readsReflection: boolean;
  readonly recordsRead: number;
  readonly bytesRead: number;
  readonly rowGroups: number;
  readonly rowGroupsPruned: number;
  readonly dataFiles: number;
  readonly splits?: number;
}

export interface FragmentView {
  readonly majorFragmentId: number;
  readonly minorFragmentCount: number;
  readonly durationMs: number;
  readonly skew: { readonly processMaxOverMedian: number; readonly recordsMaxOverMedian: number };
}

export interface SpillView {
  readonly spilled: boolean;
  readonly hashAggBytes: number;
  readonly sortBytes: number;
  readonly hashJoinBytes: number;
  readonly totalBytes: number;
  readonly operatorKeys: readonly string[];
}

export interface ReflectionUseView {
  readonly reflectionId: string;
  readonly name: string;
  readonly type: string;
  readonly matched: boolean;
  readonly chosen: boolean;
}

export interface ProfileView {
  readonly operators: readonly OperatorView[];
  readonly scans: readonly ScanView[];
  readonly fragments: readonly FragmentView[];
  readonly spill: SpillView | undefined;
  readonly reflections: readonly ReflectionUseView[];
  readonly warnings: readonly string[];
}

const list = <T>(value: unknown): readonly T[] => (Array.isArray(value) ? (value as T[]) : []);
const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};

export function profileView(summary: unknown): ProfileView {
  const s = record(summary);
  const spill = record(s.spill);
  return {
    operators: list<OperatorView>(s.operators).filter((o) => typeof record(o.processNanos).sum === 'number'),
    scans: list<ScanView>(s.scans),
    fragments: list<FragmentView>(s.fragments).filter(
      (f) => typeof record(f.skew).processMaxOverMedian === 'number',
    ),
    spill: typeof spill.spilled === 'boolean' ? (spill as unknown as SpillView) : undefined,
    reflections: list<ReflectionUseView>(record(s.acceleration).reflections),
    warnings: list<string>(s.warnings).filter((w) => typeof w === 'string'),
  };
}

/** The operators that took the most processing time, the first place a Dremio admin looks. */
export function topOperators(view: ProfileView, count: number): readonly OperatorView[] {
  return [...view.operators].sort((a, b) => b.processNanos.sum - a.processNanos.sum).slice(0, count);
}

/** Reflection relationships as the job row stores them (Dremio's CONSIDERED / MATCHED / CHOSEN). */
export interface RelationshipView {
  readonly reflectionId: string;
  readonly datasetId: string | null;
  readonly relationship: string;
}

export function relationships(value: unknown): readonly RelationshipView[] {
  return list<RelationshipView>(value).filter((r) => typeof record(r).reflectionId === 'string');
}
