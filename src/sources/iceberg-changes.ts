import type { Change } from '../domain/change.js';
import type { PartitionField } from '../domain/dataset.js';
import { type Fields, isRecord, text, timestamp } from './field-values.js';

/** One row of `TABLE(table_snapshot('path'))`. */
export interface IcebergSnapshot {
  readonly committedAt: Date;
  readonly snapshotId: string;
  readonly parentId: string | null;
  readonly operation: string | null;
  /** `total-data-files` of the summary, when Dremio gives it. */
  readonly totalDataFiles: number | null;
}

export function snapshotFromRow(row: Fields): IcebergSnapshot | undefined {
  const committedAt = timestamp(row, 'committed_at');
  const snapshotId = text(row, 'snapshot_id');
  if (committedAt === null || snapshotId === null) return undefined;
  const total = summaryValue(row.summary, 'total-data-files');
  return {
    committedAt,
    snapshotId,
    parentId: text(row, 'parent_id'),
    operation: text(row, 'operation'),
    totalDataFiles: total === null || !/^\d+$/.test(total) ? null : Number(total),
  };
}

/** The summary is a list of `{key, value}` structs (fidelity-gaps); a map is read too. */
function summaryValue(summary: unknown, key: string): string | null {
  if (Array.isArray(summary)) {
    const entry = summary.find((e) => isRecord(e) && e.key === key);
    return isRecord(entry) ? text(entry, 'value') : null;
  }
  if (isRecord(summary)) return text(summary, key);
  return null;
}

/**
 * Rewrites of a table (OPTIMIZE or compaction: a `replace` snapshot) committed during observed
 * history, each dated exactly by its commit, with the data file counts before and after when the
 * snapshots' summaries give them. A `replace` whose summaries show the same file count before and
 * after changed no layout worth measuring and is left out (the simulator labels its newest snapshot
 * `replace` on every table, counts unchanged; a real compaction changes the count). Pure.
 */
export function tableRewrites(input: {
  readonly datasetPath: string;
  readonly snapshots: readonly IcebergSnapshot[];
  readonly historyStart: Date | undefined;
}): Change[] {
  const { historyStart } = input;
  if (historyStart === undefined) return [];
  const byId = new Map(input.snapshots.map((s) => [s.snapshotId, s]));
  const countBefore = (s: IcebergSnapshot) =>
    s.parentId === null ? null : (byId.get(s.parentId)?.totalDataFiles ?? null);
  return input.snapshots
    .filter((s) => s.operation === 'replace' && s.committedAt > historyStart)
    .filter((s) => s.totalDataFiles === null || countBefore(s) !== s.totalDataFiles)
    .map((s) => {
      const before = countBefore(s);
      return {
        kind: 'table-rewritten',
        subject: input.datasetPath,
        datasetPath: input.datasetPath,
        effectiveFrom: s.committedAt,
        effectiveTo: s.committedAt,
        origin: 'detected',
        statement: null,
        jobId: null,
        recommendationId: null,
        details: {
          snapshotId: s.snapshotId,
          ...(before === null ? {} : { fileCountBefore: before }),
          ...(s.totalDataFiles === null ? {} : { fileCountAfter: s.totalDataFiles }),
        },
      };
    });
}

/**
 * A partition spec that differs from the one stored at the previous observation changed somewhere
 * between the two observations. Pure.
 */
export function partitionSpecChange(input: {
  readonly datasetPath: string;
  readonly before: readonly PartitionField[] | undefined;
  readonly after: readonly PartitionField[];
  readonly previousObservation: Date | undefined;
  readonly observedAt: Date;
}): Change | undefined {
  const { before, previousObservation } = input;
  if (before === undefined || previousObservation === undefined) return undefined;
  if (specKey(before) === specKey(input.after)) return undefined;
  const from = previousObservation <= input.observedAt ? previousObservation : input.observedAt;
  return {
    kind: 'partition-spec-changed',
    subject: input.datasetPath,
    datasetPath: input.datasetPath,
    effectiveFrom: from,
    effectiveTo: input.observedAt,
    origin: 'detected',
    statement: null,
    jobId: null,
    recommendationId: null,
    details: { partitionFieldsBefore: before, partitionFieldsAfter: input.after },
  };
}

function specKey(fields: readonly PartitionField[]): string {
  return fields
    .map((f) => JSON.stringify(f))
    .sort()
    .join('\n');
}
