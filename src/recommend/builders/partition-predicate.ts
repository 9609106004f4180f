import type { Dataset } from '../../domain/dataset.js';
import { datasetPathKey } from '../../domain/dataset-path.js';
import type { Finding } from '../../domain/finding.js';
import { formatDuration } from '../../domain/units.js';
import { columnType, findDataset } from '../dataset-columns.js';
import type { BuildContext, RecommendationDraft } from '../draft.js';
import { NO_COST } from '../draft.js';
import { numberOf, stringOf } from '../rewrite/evidence-value.js';
import { targetOf } from '../rewrite/finding-target.js';
import { factsOf, sampleSqlOf } from '../rewrite/join-keys.js';
import { rewriteTruncatedRanges, type TruncatedRangeRewrite } from '../rewrite/truncated-column-range.js';

/** Without per-partition file statistics, the share of the scan a pruned read is assumed to skip. */
export const UNKNOWN_PRUNED_SHARE = 0.5;

/** How the query names the table: its alias, else its last path part and its full name. */
function qualifiersOf(finding: Finding, context: BuildContext, dataset: Dataset): string[] {
  const key = datasetPathKey(dataset.path);
  const refs = (factsOf(finding, context)?.tables ?? []).filter((t) => datasetPathKey(t.name) === key);
  return refs.flatMap((t) => (t.alias === null ? [t.path.at(-1) ?? '', t.path.join('.')] : [t.alias]));
}

/** The share of the scan pruning skips: all partitions but the one the day range keeps. */
function prunedShare(
  dataset: Dataset,
  rewrite: TruncatedRangeRewrite,
): { share: number; partitions: number | null } {
  const partitions = dataset.files.filter((f) => f.partition !== '').length;
  const daily = dataset.partitionFields.some((f) => f.transform === 'day' || f.transform === 'hour');
  // A year range keeps many partitions, and a month or identity spec keeps some unknown number of them.
  if (partitions < 2 || !rewrite.oneDay || !daily) return { share: UNKNOWN_PRUNED_SHARE, partitions: null };
  return { share: 1 - 1 / partitions, partitions };
}

function draftOf(finding: Finding, dataset: Dataset, rewrite: TruncatedRangeRewrite): RecommendationDraft {
  const { share, partitions } = prunedShare(dataset, rewrite);
  const e = finding.evidence;
  return {
    kind: 'rewrite-query',
    target: targetOf(finding, dataset.path),
    title: `Filter ${dataset.path} on ${rewrite.columns.join(', ')} itself so the scan prunes partitions`,
    sql: rewrite.sql,
    action:
      `Replace ${rewrite.replaced.join(' and ')} with a range on the partition column: a function around ` +
      `${rewrite.columns.join(', ')} hides it from partition pruning, and the scan read every file.`,
    findings: [finding],
    payoff: {
      savingsMsPerDay: finding.impactMsPerDay * share,
      method: 'operator-time-share',
      jobIds: finding.jobIds,
      basis:
        partitions === null
          ? `${UNKNOWN_PRUNED_SHARE * 100}% of the ${formatDuration(finding.impactMsPerDay)} a day of unpruned scan (how many partitions the range keeps is not known)`
          : `the scan's ${formatDuration(finding.impactMsPerDay)} a day, less the 1 of ${partitions} partitions a one-day range still reads`,
      methodConfidence: partitions === null ? 0.5 : 0.75,
    },
    cost: NO_COST,
    risk: {
      level: 'low',
      note: 'the same rows: a day-truncated equality is the half-open range of that day (same time zone as the column)',
    },
    evidence: {
      table: dataset.path,
      partitionColumns: dataset.partitionFields.map((f) => `${f.transform}(${f.column})`).join(', '),
      replacedPredicate: rewrite.replaced.join(' AND '),
      splits: numberOf(e.splits),
      totalFiles: numberOf(e.totalFiles),
      scanMs: numberOf(e.scanMs),
      partitionCount: partitions,
      runs: finding.jobIds.length,
    },
  };
}

/**
 * partition-pruning, when the filter is there but wrapped: `CAST(ts AS DATE) = '…'` and its kin on a
 * partition column become a range on the raw column (full SQL from the AST). A filter on a column
 * outside the spec is buildPartitionFields' case.
 */
export function buildPartitionPredicateRewrites(context: BuildContext): RecommendationDraft[] {
  return context.findings.flatMap((finding) => {
    const sql = sampleSqlOf(finding);
    const table = stringOf(finding.evidence.table);
    const dataset = table === null ? undefined : findDataset(context.snapshot.datasets, table);
    if (sql === null || dataset === undefined || dataset.partitionFields.length === 0) return [];
    const rewrite = rewriteTruncatedRanges(sql, {
      columns: dataset.partitionFields.map((f) => f.column),
      qualifiers: qualifiersOf(finding, context, dataset),
      typeOf: (column) => columnType(dataset, column),
    });
    return rewrite === undefined ? [] : [draftOf(finding, dataset, rewrite)];
  });
}
