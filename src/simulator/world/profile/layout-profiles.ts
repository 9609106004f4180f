/** `accelerationProfile.layoutProfiles`: one entry per considered reflection, counters per relationship. */
import { materializationId } from '../acceleration.js';
import type { JobRecord } from '../job-record.js';

export interface LayoutProfile {
  readonly layoutId: string;
  readonly materializationId: string;
  readonly materializationExpirationTimestamp: number;
  readonly name: string;
  readonly type: number;
  readonly numSubstitutions: number;
  readonly numUsed: number;
  readonly millisTakenSubstituting: number;
  readonly dimensions: readonly string[];
  readonly measureColumns: readonly { readonly name: string; readonly measureType: readonly number[] }[];
  readonly sortedColumns: readonly string[];
  readonly partitionedColumns: readonly string[];
  readonly distributionColumns: readonly string[];
  readonly displayColumns: readonly string[];
  readonly snowflake: boolean;
  readonly defaultReflection: boolean;
}

export function layoutProfiles(record: JobRecord, seed: number): LayoutProfile[] {
  return record.job.reflectionRelationships.flatMap((rel) => {
    const r = record.consideredReflections.find((c) => c.id === rel.reflectionId);
    if (!r) return [];
    const matched = rel.relationship !== 'CONSIDERED';
    return [
      {
        layoutId: r.id,
        materializationId: materializationId(seed, r),
        materializationExpirationTimestamp: record.job.submittedEpochMs + 7 * 86_400_000,
        name: r.name,
        type: r.type === 'RAW' ? 1 : 2,
        numSubstitutions: matched ? 1 : 0,
        numUsed: rel.relationship === 'CHOSEN' ? 1 : 0,
        millisTakenSubstituting: matched ? 4 : 1,
        dimensions: r.dimensionColumns,
        measureColumns: r.measureColumns.map((name) => ({ name, measureType: [3, 4] })),
        sortedColumns: [],
        partitionedColumns: r.partitionColumns,
        distributionColumns: [],
        displayColumns: r.displayColumns,
        snowflake: false,
        defaultReflection: false,
      },
    ];
  });
}
