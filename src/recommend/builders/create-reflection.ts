import type { FingerprintGroup, JobContext, WorkloadSnapshot } from '../../analysis/detector.js';
import type { Dataset } from '../../domain/dataset.js';
import { datasetPathKey } from '../../domain/dataset-path.js';
import type { Finding } from '../../domain/finding.js';
import { canonicalPath } from '../../sql/table-path.js';
import { reflectionCost } from '../cost.js';
import { datasetBytes, findDatasetByParts } from '../dataset-columns.js';
import { type BuildContext, type RecommendationDraft, reflectionName, windowDays } from '../draft.js';
import { scanAndAggregateShare, scanShare } from '../job-time.js';
import { reflectionPayoff } from '../payoff.js';
import {
  type AggregateShape,
  aggregateShape,
  mergeAggregateShapes,
  mergeRawShapes,
  type RawShape,
  rawShape,
} from '../reflection-shape.js';
import { quoteIdentifier, quotePath } from '../sql-identifier.js';

interface Candidate {
  readonly finding: Finding;
  readonly group: FingerprintGroup;
  /** The dataset's parts as the query names them; a part may hold dots or quotes. */
  readonly parts: readonly string[];
  readonly datasetPath: string;
  readonly type: 'aggregate' | 'raw';
}

function candidateOf(finding: Finding, snapshot: WorkloadSnapshot): Candidate | undefined {
  if (finding.subject.kind !== 'fingerprint') return undefined;
  const group = snapshot.fingerprints.get(finding.subject.fingerprint);
  const facts = group?.facts;
  if (group === undefined || facts === undefined || facts.tables.length === 0) return undefined;
  // A reflection sits on one dataset: the first the query reads (its FROM), which joins hang off.
  const parts = facts.tables[0]!.path;
  const type = facts.aggregates.length > 0 || facts.groupBy.length > 0 ? 'aggregate' : 'raw';
  return { finding, group, parts, datasetPath: canonicalPath(parts), type };
}

/**
 * `ALTER TABLE` for tables, `ALTER VIEW` for views, `ALTER DATASET` when the catalog does not say.
 * `parts` are the dataset's path parts as the source gave them, never a dotted string split again.
 */
export function alterTarget(dataset: Dataset | undefined, parts: readonly string[]): string {
  const word = dataset?.kind === 'table' ? 'TABLE' : dataset?.kind === 'view' ? 'VIEW' : 'DATASET';
  return `ALTER ${word} ${quotePath(dataset?.pathParts ?? parts)}`;
}

export function aggregateSql(options: { head: string; name: string; shape: AggregateShape }): string | null {
  const { shape } = options;
  const dims = shape.dimensions.map((d) => `${quoteIdentifier(d.name)}${d.byDay ? ' BY DAY' : ''}`);
  const measures = shape.measures.map((m) => `${quoteIdentifier(m.name)} (${m.types.join(', ')})`);
  if (dims.length === 0 && measures.length === 0) return null;
  return (
    `${options.head} CREATE AGGREGATE REFLECTION ${quoteIdentifier(options.name)} USING` +
    (dims.length > 0 ? ` DIMENSIONS (${dims.join(', ')})` : '') +
    (measures.length > 0 ? ` MEASURES (${measures.join(', ')})` : '')
  );
}

/** Id-like columns have too many values to partition by; they are sorted instead. */
function isIdLike(name: string): boolean {
  return /(^|_)(id|key|uuid)$/i.test(name);
}

export function rawSql(options: { head: string; name: string; shape: RawShape }): string | null {
  const { shape } = options;
  if (shape.display.length === 0) return null;
  const partition = shape.partition.filter((c) => !isIdLike(c));
  const sort = [...new Set([...shape.partition.filter(isIdLike), ...shape.localSort])].slice(0, 2);
  const list = (names: readonly string[]) => names.map(quoteIdentifier).join(', ');
  return (
    `${options.head} CREATE RAW REFLECTION ${quoteIdentifier(options.name)} USING DISPLAY (${list(shape.display)})` +
    (partition.length > 0 ? ` PARTITION BY (${list(partition)})` : '') +
    (sort.length > 0 ? ` LOCALSORT BY (${list(sort)})` : '')
  );
}

function draftFor(candidates: readonly Candidate[], context: BuildContext): RecommendationDraft | undefined {
  const first = candidates[0]!;
  const { snapshot } = context;
  const dataset = findDatasetByParts(snapshot.datasets, first.parts);
  const parts = dataset?.pathParts ?? first.parts;
  const datasetPath = canonicalPath(parts);
  const input = (c: Candidate) => ({ facts: c.group.facts!, datasetPath: c.datasetPath, dataset });
  const head = alterTarget(dataset, parts);
  const aggregate = first.type === 'aggregate';
  const name = reflectionName(parts, aggregate ? 'agg' : 'raw');
  const aggShape = aggregate
    ? mergeAggregateShapes(candidates.map((c) => aggregateShape(input(c))))
    : undefined;
  const raw = aggregate ? undefined : mergeRawShapes(candidates.map((c) => rawShape(input(c))));
  const sql = aggShape ? aggregateSql({ head, name, shape: aggShape }) : rawSql({ head, name, shape: raw! });
  if (sql === null) return undefined;
  const groups = candidates.map((c) => c.group);
  const removedShare = (c: JobContext) =>
    c.profile === undefined
      ? undefined
      : aggregate
        ? scanAndAggregateShare(c.profile, datasetPath)
        : scanShare(c.profile, datasetPath);
  const payoff = reflectionPayoff({
    groups,
    days: windowDays(snapshot),
    removedShare,
    what: aggregate ? 'scan and aggregation' : 'scan',
  });
  const columnCount = aggShape
    ? aggShape.dimensions.length + aggShape.measures.length
    : (raw?.display.length ?? 0);
  const jobs = groups.flatMap((g) => g.jobs);
  const cost = reflectionCost({ snapshot, datasetPath, dataset, type: first.type, columnCount, jobs });
  const queries = candidates.length === 1 ? '1 query' : `${candidates.length} queries`;
  return {
    kind: aggregate ? 'create-aggregate-reflection' : 'create-raw-reflection',
    target: { kind: 'dataset', path: datasetPath },
    title: `Create ${aggregate ? 'an aggregate' : 'a raw'} reflection on ${datasetPath} for ${queries}`,
    sql,
    action: `Run the statement to create reflection ${name}; Dremio then serves the ${queries} from it.`,
    findings: candidates.map((c) => c.finding),
    payoff,
    cost,
    risk: {
      level: 'low',
      note: 'adds storage and refresh work; queries keep their results, served from the reflection',
    },
    evidence: {
      fingerprints: candidates.length,
      unacceleratedJobs: payoff.jobIds.length,
      columns: columnCount,
      datasetBytes: datasetBytes(dataset) ?? null,
    },
  };
}

/**
 * reflection-missing → one reflection per dataset and shape, whatever the number of fingerprints: the
 * union of their dimensions and measures (or display columns) serves them all.
 */
export function buildReflections(context: BuildContext): RecommendationDraft[] {
  const byKey = new Map<string, Candidate[]>();
  for (const finding of context.findings) {
    const candidate = candidateOf(finding, context.snapshot);
    if (candidate === undefined) continue;
    const key = `${candidate.type}:${datasetPathKey(candidate.datasetPath)}`;
    byKey.set(key, [...(byKey.get(key) ?? []), candidate]);
  }
  return [...byKey.values()].flatMap((candidates) => draftFor(candidates, context) ?? []);
}
