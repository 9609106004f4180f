import type { JobContext } from '../../analysis/detector.js';
import type { Dataset } from '../../domain/dataset.js';
import type { Finding } from '../../domain/finding.js';
import { formatDuration } from '../../domain/units.js';
import { canonicalPath } from '../../sql/table-path.js';
import { reflectionCost } from '../cost.js';
import { datasetBytes, findDatasetByParts } from '../dataset-columns.js';
import { type BuildContext, type RecommendationDraft, reflectionName, windowDays } from '../draft.js';
import { scanAndAggregateShare, scanShare } from '../job-time.js';
import { type Payoff, reflectionPayoff } from '../payoff.js';
import type { ReflectionCandidate } from '../reflection-set/candidates.js';
import { planReflectionSet } from '../reflection-set/plan.js';
import {
  type AggregateShape,
  aggregateShape,
  mergeAggregateShapes,
  mergeRawShapes,
  type RawShape,
  rawShape,
} from '../reflection-shape.js';
import { quoteIdentifier, quotePath } from '../sql-identifier.js';

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

/**
 * Dremio matches a reflection on the view a query names before it plans the view's joins, so the
 * planning the planning-time findings measured goes too. Accelerated runs already show it when the
 * history has them; otherwise their impact (planning time per day) is added.
 */
function withPlanningSkipped(payoff: Payoff, findings: readonly Finding[]): Payoff {
  const planningMsPerDay = findings
    .filter((f) => f.detector === 'planning-time')
    .reduce((sum, f) => sum + f.impactMsPerDay, 0);
  if (planningMsPerDay <= 0 || payoff.method === 'accelerated-runs') return payoff;
  return {
    ...payoff,
    savingsMsPerDay: payoff.savingsMsPerDay + planningMsPerDay,
    basis: `${payoff.basis}; plus ${formatDuration(planningMsPerDay)} a day of planning, which a reflection matched before the joins are planned skips`,
  };
}

/** One reflection serving the candidates (one dataset, one type): its statement, saving and cost. */
export function reflectionDraft(
  candidates: readonly ReflectionCandidate[],
  context: BuildContext,
): RecommendationDraft | undefined {
  const first = candidates[0]!;
  const { snapshot } = context;
  const dataset = findDatasetByParts(snapshot.datasets, first.parts);
  const parts = dataset?.pathParts ?? first.parts;
  const datasetPath = canonicalPath(parts);
  const input = (c: ReflectionCandidate) => ({ facts: c.group.facts!, datasetPath: c.datasetPath, dataset });
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
  const payoff = withPlanningSkipped(
    reflectionPayoff({
      groups,
      days: windowDays(snapshot),
      removedShare,
      what: aggregate ? 'scan and aggregation' : 'scan',
    }),
    candidates.flatMap((c) => c.findings),
  );
  const columns = aggShape
    ? [...aggShape.dimensions.map((d) => d.name), ...aggShape.measures.map((m) => m.name)]
    : (raw?.display ?? []);
  const jobs = groups.flatMap((g) => g.jobs);
  const cost = reflectionCost({
    snapshot,
    datasetPath,
    dataset,
    type: first.type,
    columnCount: columns.length,
    jobs,
  });
  const queries = candidates.length === 1 ? '1 query' : `${candidates.length} queries`;
  const shapes = groups.map((g) => g.fingerprint).join(', ');
  return {
    kind: aggregate ? 'create-aggregate-reflection' : 'create-raw-reflection',
    target: { kind: 'dataset', path: datasetPath },
    title: `Create ${aggregate ? 'an aggregate' : 'a raw'} reflection on ${datasetPath} for ${queries}`,
    sql,
    action: `Run the statement to create reflection ${name}; Dremio then serves the ${queries} from it (query shapes ${shapes}).`,
    findings: candidates.flatMap((c) => c.findings),
    payoff,
    cost,
    risk: {
      level: 'low',
      note: 'adds storage and refresh work; queries keep their results, served from the reflection',
    },
    evidence: {
      fingerprints: candidates.length,
      servedFingerprints: shapes,
      matchingReflection: name,
      unacceleratedJobs: payoff.jobIds.length,
      columns: columns.length,
      reflectionColumns: columns.join(', '),
      datasetBytes: datasetBytes(dataset) ?? null,
    },
  };
}

/**
 * reflection-missing, and the aggregate queries that prune badly, spill or keep a client waiting → the
 * workload's best set of reflections under the budget (reflection-set/plan.ts).
 */
export function buildReflections(context: BuildContext): RecommendationDraft[] {
  return planReflectionSet(context, reflectionDraft).drafts;
}
