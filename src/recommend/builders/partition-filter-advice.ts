import type { Finding } from '../../domain/finding.js';
import { formatCount } from '../../domain/units.js';
import { belongsTo, findDataset } from '../dataset-columns.js';
import type { BuildContext, RecommendationDraft } from '../draft.js';
import { NO_COST, windowDays } from '../draft.js';
import { numberOf, stringOf } from '../rewrite/evidence-value.js';
import { targetOf } from '../rewrite/finding-target.js';
import { factsOf } from '../rewrite/join-keys.js';

/**
 * How much of the scan a bound on the partition column is assumed to skip: the range the readers need
 * is theirs to say, so the estimate is deliberately modest and its confidence low.
 */
export const ASSUMED_PRUNED_SHARE = 0.5;

/**
 * partition-pruning where the query filters no partition column at all (`WHERE user_agent LIKE …` on a
 * table partitioned by day): no layout change prunes it and no rewrite keeps its meaning, so the advice
 * is to the query's owner — bound it on the partition column — with the table's spec and the files each
 * run reads. A filter on another column a partition could serve is the partition-field builder's case.
 */
export function buildPartitionFilterAdvice(context: BuildContext): RecommendationDraft[] {
  return context.findings.flatMap((finding) => {
    const table = stringOf(finding.evidence.table);
    const dataset = table === null ? undefined : findDataset(context.snapshot.datasets, table);
    const facts = factsOf(finding, context);
    if (dataset === undefined || dataset.partitionFields.length === 0 || facts === undefined) return [];
    const partitionColumns = dataset.partitionFields.map((f) => f.column.toLowerCase());
    const tableRef = facts.tables.find(
      (t) => findDataset(context.snapshot.datasets, t.name.replaceAll('"', '')) === dataset,
    );
    if (tableRef === undefined) return [];
    const filtersPartition = facts.predicates.some(
      (p) =>
        belongsTo(p.column, facts, tableRef.name) && partitionColumns.includes(p.column.name.toLowerCase()),
    );
    if (filtersPartition) return [];
    return [
      draftOf(
        finding,
        context,
        dataset.path,
        dataset.partitionFields.map((f) => f.column),
      ),
    ];
  });
}

function draftOf(
  finding: Finding,
  context: BuildContext,
  table: string,
  partitionColumns: readonly string[],
): RecommendationDraft {
  const scanMs = numberOf(finding.evidence.scanMs) ?? 0;
  const files = numberOf(finding.evidence.totalFiles);
  const runs = finding.jobIds.length;
  const days = windowDays(context.snapshot);
  // The finding's impact is the unpruned scan time a day; without it, the scans of its runs.
  const scanMsPerDay = finding.impactMsPerDay > 0 ? finding.impactMsPerDay : (scanMs * runs) / days;
  const columns = partitionColumns.join(', ');
  return {
    kind: 'adjust-client',
    target: targetOf(finding, table),
    title: `Bound the query on ${table}'s partition column ${columns}`,
    sql: null,
    action:
      `The query filters no partition column of ${table} (partitioned by ${columns}), so every run reads ` +
      `${files === null ? 'all its files' : `all ${formatCount(files)} files`}; add the range its readers need on ${columns} ` +
      `(for example the last days they look at) to the query or the dashboard's filter, and Dremio prunes the rest.`,
    findings: [finding],
    payoff: {
      savingsMsPerDay: scanMsPerDay * ASSUMED_PRUNED_SHARE,
      method: 'operator-time-share',
      jobIds: finding.jobIds,
      basis:
        `${runs} runs scan ${table} unpruned; a bound on ${columns} is assumed to skip ` +
        `${ASSUMED_PRUNED_SHARE * 100}% of the scan (the range its readers need is not known)`,
      methodConfidence: 0.3,
    },
    cost: NO_COST,
    risk: {
      level: 'medium',
      note: 'a bound changes the result if readers need older data: agree the range with them',
    },
    evidence: {
      table,
      partitionColumns: columns,
      totalFiles: files,
      scanMs,
      runs,
    },
  };
}
