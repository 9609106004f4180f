import type { JobContext } from '../../analysis/detector.js';
import type { Dataset } from '../../domain/dataset.js';
import type { Finding } from '../../domain/finding.js';
import { formatBytes, formatCount } from '../../domain/units.js';
import { canClusterOn, clusteringAvailable } from '../clustering.js';
import { fullScanMs, OPTIMIZE_RUNS_PER_DAY } from '../cost.js';
import {
  belongsTo,
  catalogColumn,
  columnType,
  datasetBytes,
  datasetFileCount,
  datasetTarget,
  findDataset,
} from '../dataset-columns.js';
import { type BuildContext, type RecommendationDraft, windowDays } from '../draft.js';
import {
  filesAfterCompaction,
  monthlyRewriteShare,
  SMALL_FILE_BYTES,
  splitEstimate,
} from '../file-layout.js';
import { fileWaitShare, filterSelectivity, readsDataset, scanShare } from '../job-time.js';
import { operatorSharePayoff } from '../payoff.js';
import { quoteIdentifier, quotePath } from '../sql-identifier.js';
import { clusterTableDraft } from './cluster-table.js';

const MIB = 1024 * 1024;
/** Share of the scan a range filter on a day partition is assumed to skip (its span is not known). */
export const RANGE_PRUNED_SHARE = 0.5;
/** An equality on an identity partition keeps one value; a column worth partitioning has five or more. */
export const EQUALITY_PRUNED_SHARE = 0.8;

/**
 * One rewrite ≈ reading and writing the table once. Later monthly runs rewrite only the data landed since
 * (BIN_PACK skips files already in range): a month of partitions on a time-partitioned table.
 */
function scanCost(jobs: readonly JobContext[], dataset: Dataset) {
  const oneOffMs = 2 * fullScanMs({ jobs, bytes: datasetBytes(dataset) });
  const share = monthlyRewriteShare(dataset);
  return { oneOffMs, refreshMsPerDay: oneOffMs * share * OPTIMIZE_RUNS_PER_DAY, share };
}

/** small-files → OPTIMIZE the table once; it fixes every query that scans it. */
export function buildOptimizes(context: BuildContext): RecommendationDraft[] {
  const { snapshot, settings } = context;
  return context.findings.flatMap((finding) => {
    if (finding.subject.kind !== 'dataset') return [];
    const dataset = findDataset(snapshot.datasets, finding.subject.path);
    if (dataset === undefined || dataset.kind === 'view') return [];
    const files = datasetFileCount(dataset) ?? 0;
    const bytes = datasetBytes(dataset) ?? 0;
    const targetBytes = settings.optimizeTargetFileMb * MIB;
    const newFiles = filesAfterCompaction(dataset, targetBytes);
    const fewer = files > 0 ? Math.max(0, 1 - newFiles / files) : 0;
    const jobs = snapshot.jobs.filter((c) => readsDataset(c, dataset.path));
    const payoff = operatorSharePayoff({
      jobs,
      days: windowDays(snapshot),
      removedShare: (c) =>
        c.profile === undefined ? undefined : fileWaitShare(c.profile, dataset.path) * fewer,
      what: `scan's file-open waits, scaled by the ${Math.round(fewer * 100)}% fewer files,`,
    });
    const cost = scanCost(jobs, dataset);
    return [
      {
        kind: 'optimize-table',
        target: datasetTarget(dataset),
        title: `Compact ${dataset.path}: ${formatCount(files)} files into about ${formatCount(newFiles)}`,
        sql:
          `OPTIMIZE TABLE ${quotePath(dataset.pathParts)} REWRITE DATA USING BIN_PACK ` +
          `(TARGET_FILE_SIZE_MB = ${settings.optimizeTargetFileMb})`,
        action: `Rewrite ${files} data files of ${dataset.path} into ${settings.optimizeTargetFileMb} MB files.`,
        findings: [finding],
        payoff: { ...payoff, jobIds: [...new Set([...finding.jobIds, ...payoff.jobIds])] },
        cost: {
          storageBytes: 0,
          oneOffMs: cost.oneOffMs,
          refreshMsPerDay: cost.refreshMsPerDay,
          basis:
            'one rewrite ≈ reading and writing the table once; repeated monthly on the data landed since ' +
            `(${Math.round(cost.share * 100)}% of the table${cost.share < 1 ? ': a month of its time partitions' : ''})`,
        },
        risk: {
          level: 'low',
          note:
            'a rewrite commits a new snapshot; concurrent writers may have to retry' +
            (settings.cluster.kind === 'cloud'
              ? '; on Dremio Cloud check first whether the catalog already optimizes this table automatically'
              : ''),
        },
        evidence: {
          files,
          bytes,
          targetFileMb: settings.optimizeTargetFileMb,
          filesAfter: newFiles,
          monthlyRewriteShare: cost.share,
        },
      },
    ];
  });
}

interface PartitionChoice {
  readonly dataset: Dataset;
  readonly column: string;
  readonly transform: string;
  readonly prunedShare: number;
  /** The query filters this table on this column only, so its filter's selectivity is the pruning's. */
  readonly soleFilter: boolean;
  readonly finding: Finding;
}

function isTemporal(type: string | undefined): boolean {
  return type !== undefined && /^(TIMESTAMP|DATE)/i.test(type);
}

/** The filtered column of this fingerprint's query that a partition field would prune on. */
function choosePartition(finding: Finding, context: BuildContext): PartitionChoice | undefined {
  if (finding.subject.kind !== 'fingerprint') return undefined;
  const facts = context.snapshot.fingerprints.get(finding.subject.fingerprint)?.facts;
  if (facts === undefined) return undefined;
  for (const table of facts.tables) {
    const dataset = findDataset(context.snapshot.datasets, table.name.replaceAll('"', ''));
    if (dataset === undefined || dataset.kind !== 'table') continue;
    const partitioned = new Set(dataset.partitionFields.map((f) => f.column.toLowerCase()));
    const soleFilter = facts.predicates.filter((p) => belongsTo(p.column, facts, table.name)).length === 1;
    for (const p of facts.predicates) {
      if (p.negated || !belongsTo(p.column, facts, table.name)) continue;
      const column = catalogColumn(dataset, p.column.name);
      if (column === undefined || partitioned.has(column.toLowerCase())) continue;
      const temporal = isTemporal(columnType(dataset, column));
      if (temporal && (p.comparison === 'range' || p.comparison === 'eq'))
        return {
          dataset,
          column,
          transform: `day(${quoteIdentifier(column)})`,
          prunedShare: p.comparison === 'eq' ? EQUALITY_PRUNED_SHARE : RANGE_PRUNED_SHARE,
          soleFilter,
          finding,
        };
      if (!temporal && (p.comparison === 'eq' || p.comparison === 'in') && !/(^|_)id$/i.test(column))
        return {
          dataset,
          column,
          transform: quoteIdentifier(column),
          prunedShare: EQUALITY_PRUNED_SHARE,
          soleFilter,
          finding,
        };
    }
  }
  return undefined;
}

/** partition-pruning → one partition field per table, on the column most of its unpruned queries filter. */
export function buildPartitionFields(context: BuildContext): RecommendationDraft[] {
  const byTable = new Map<string, PartitionChoice[]>();
  for (const finding of context.findings) {
    const choice = choosePartition(finding, context);
    if (choice !== undefined)
      byTable.set(choice.dataset.path, [...(byTable.get(choice.dataset.path) ?? []), choice]);
  }
  return [...byTable.values()].flatMap((choices) => {
    const counts = new Map<string, number>();
    for (const c of choices)
      counts.set(c.transform, (counts.get(c.transform) ?? 0) + c.finding.jobIds.length);
    const best = choices.reduce((a, b) =>
      (counts.get(b.transform) ?? 0) > (counts.get(a.transform) ?? 0) ? b : a,
    );
    const served = choices.filter((c) => c.transform === best.transform);
    const ids = new Set(served.flatMap((c) => c.finding.jobIds));
    const jobs = context.snapshot.jobs.filter((c) => ids.has(c.job.jobId));
    const { dataset } = best;
    // An identity field splits every partition by its values: refuse when that leaves small files (the
    // small-files detector would flag them); an aggregate reflection serves such filters instead.
    const clustered = clusteringAvailable(context.settings.cluster) && canClusterOn(dataset, best.column);
    const split = best.transform.startsWith('day(') ? undefined : splitEstimate(dataset, 0);
    if (!clustered && split !== undefined && split.averageFileBytesAfter < SMALL_FILE_BYTES) return [];
    const payoff = operatorSharePayoff({
      jobs,
      days: windowDays(context.snapshot),
      removedShare: (c) => {
        if (c.profile === undefined) return undefined;
        const measured = best.soleFilter ? filterSelectivity(c.profile) : undefined;
        return (
          scanShare(c.profile, dataset.path) * (measured === undefined ? best.prunedShare : 1 - measured)
        );
      },
      what: best.soleFilter
        ? `pruned part (1 − the filter's measured selectivity) of the ${dataset.path} scan,`
        : `pruned part (${best.prunedShare * 100}% assumed) of the ${dataset.path} scan,`,
    });
    const cost = scanCost(jobs, dataset);
    const findings = served.map((c) => c.finding);
    if (clustered)
      return clusterTableDraft({
        dataset,
        column: best.column,
        findings,
        payoff,
        oneOffMs: cost.oneOffMs,
        jobs: jobs.length,
      });
    return {
      kind: 'add-partition-field' as const,
      target: datasetTarget(dataset),
      title: `Partition ${dataset.path} by ${best.transform}`,
      sql: `ALTER TABLE ${quotePath(dataset.pathParts)} ADD PARTITION FIELD ${best.transform}`,
      action: `Add partition field ${best.transform}; run OPTIMIZE afterwards so existing files take the new layout.`,
      findings,
      payoff,
      cost: {
        storageBytes: 0,
        oneOffMs: cost.oneOffMs,
        refreshMsPerDay: 0,
        basis: 'one rewrite of the table',
      },
      risk: {
        level: 'medium' as const,
        note:
          'every write now splits by the new field: a column with many values makes many small files' +
          (split === undefined
            ? ''
            : ` (at ${split.valuesAssumed} values, files of about ${formatBytes(split.averageFileBytesAfter)})`),
      },
      evidence: {
        column: best.column,
        transform: best.transform,
        currentPartitionFields: dataset.partitionFields.length,
        files: datasetFileCount(dataset) ?? null,
        bytes: datasetBytes(dataset) ?? null,
        jobs: jobs.length,
        averageFileBytesAfter: split === undefined ? null : Math.round(split.averageFileBytesAfter),
      },
    };
  });
}
