/**
 * A change to what the workload runs on, applied by the product, marked applied by the user, or made
 * by hand and detected by collection. Measurements compare the affected query shapes before and after
 * it took effect.
 */
export const CHANGE_KINDS = [
  'reflection-created',
  'reflection-dropped',
  'reflection-enabled',
  'reflection-disabled',
  'table-rewritten',
  'partition-spec-changed',
  'query-rewritten',
  'setting-changed',
] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export const CHANGE_ORIGINS = ['product', 'user', 'detected'] as const;
export type ChangeOrigin = (typeof CHANGE_ORIGINS)[number];

export interface Change {
  readonly kind: ChangeKind;
  /**
   * What changed, stable across detections: `path::reflection name` for reflections, the dataset path
   * for a table, the old fingerprint for a rewritten query, the recommendation id for a setting.
   */
  readonly subject: string;
  readonly datasetPath: string | null;
  /**
   * The change took effect somewhere in [from, to]: equal when a Dremio job or a refresh dates it
   * exactly; a span when only two observations bound it (a reflection missing from a later listing).
   */
  readonly effectiveFrom: Date;
  readonly effectiveTo: Date;
  readonly origin: ChangeOrigin;
  /** The statement that made it, when known (the DDL job's SQL, or the recommendation's). */
  readonly statement: string | null;
  /** The Dremio job that made it, when known. */
  readonly jobId: string | null;
  readonly recommendationId: string | null;
  /** Evidence, e.g. `{reflectionId, fileCountBefore, fileCountAfter, snapshotId, fingerprintAfter}`. */
  readonly details: Readonly<Record<string, unknown>>;
}

export interface StoredChange extends Change {
  readonly id: bigint;
  readonly detectedAt: Date;
}

export function isChangeKind(value: string): value is ChangeKind {
  return (CHANGE_KINDS as readonly string[]).includes(value);
}

/** The subject of a reflection change. */
export function reflectionSubject(datasetPath: string, reflectionName: string): string {
  return `${datasetPath}::${reflectionName}`;
}
