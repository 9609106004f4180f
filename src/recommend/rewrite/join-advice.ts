import type { Dataset } from '../../domain/dataset.js';
import type { Finding } from '../../domain/finding.js';
import { formatDuration } from '../../domain/units.js';
import { findDatasetByParts } from '../dataset-columns.js';
import type { BuildContext, RecommendationDraft } from '../draft.js';
import { NO_COST } from '../draft.js';
import { numberOf, stringOf } from './evidence-value.js';
import { targetOf } from './finding-target.js';
import { addJoinEquality, type JoinEqualityTarget, nonEquiJoins } from './join-equality.js';
import { describeJoins, factsOf, sampleSqlOf } from './join-keys.js';
import { type PreAggregateRewrite, preAggregateEitherSide } from './pre-aggregate-join.js';

/** Share of the join's time a hash join on the added key removes (the pairs compared fall to the matches). */
export const EQUI_JOIN_REMOVED_SHARE = 0.9;
/** Share of the join's time aggregating one side by the key first removes: the join sees one row per key. */
export const PRE_AGGREGATE_REMOVED_SHARE = 0.8;
/** Share of the join's time an explained, not rewritten, fix is credited with: the user still has to act. */
export const ADVICE_REMOVED_SHARE = 0.5;

function columnsOf(dataset: Dataset | undefined): Map<string, string> {
  return new Map((dataset?.columns ?? []).map((c) => [c.name.toLowerCase(), c.name]));
}

/** The one column both sides have that reads as the key: the only shared one, or the only shared `…id`. */
export function sharedKey(left: Dataset | undefined, right: Dataset | undefined): string | undefined {
  const l = columnsOf(left);
  const r = columnsOf(right);
  const shared = [...l.keys()].filter((k) => r.has(k));
  if (shared.length === 1) return l.get(shared[0]!);
  const keys = shared.filter((k) => /(^id|_id|_key)$/.test(k));
  return keys.length === 1 ? l.get(keys[0]!) : undefined;
}

interface Rewrite {
  readonly sql: string;
  readonly column: string;
  readonly join: JoinEqualityTarget;
}

function equiRewrite(sql: string, context: BuildContext): Rewrite | undefined {
  for (const join of nonEquiJoins(sql)) {
    const column = sharedKey(
      findDatasetByParts(context.snapshot.datasets, join.left.path),
      findDatasetByParts(context.snapshot.datasets, join.right.path),
    );
    const rewritten = column === undefined ? undefined : addJoinEquality(sql, join, column);
    if (column !== undefined && rewritten !== undefined) return { sql: rewritten, column, join };
  }
  return undefined;
}

export interface JoinAdviceOptions {
  readonly finding: Finding;
  readonly context: BuildContext;
  /** What the profile shows, for the action: "compares 1.1e11 row pairs". */
  readonly symptom: string;
  /** What to do when no equality can be added, given the join's keys as written. */
  readonly advice: (keys: string | null) => string;
  /** Whether aggregating one side by the join key first fixes this join (fan-out: yes; a loop: no). */
  readonly preAggregate: boolean;
}

function preAggregateDraft(options: JoinAdviceOptions, rewrite: PreAggregateRewrite): RecommendationDraft {
  const { finding } = options;
  const operator = stringOf(finding.evidence.operatorKey) ?? '?';
  const keys = rewrite.keys.map((k) => `${rewrite.alias}.${k}`).join(', ');
  return {
    kind: 'rewrite-query',
    target: targetOf(finding),
    title: `Aggregate ${rewrite.alias} by ${keys} before join ${operator}`,
    sql: rewrite.sql,
    action:
      `Join ${operator} ${options.symptom}. Aggregating ${rewrite.alias} by ${keys} first gives the join one row ` +
      'per key value, and the outer aggregates add the partial counts and sums up: the same result.',
    findings: [finding],
    payoff: {
      savingsMsPerDay: finding.impactMsPerDay * PRE_AGGREGATE_REMOVED_SHARE,
      method: 'operator-time-share',
      jobIds: finding.jobIds,
      basis: `${PRE_AGGREGATE_REMOVED_SHARE * 100}% of join ${operator}'s ${formatDuration(finding.impactMsPerDay)} a day (the pre-aggregation keeps the rest)`,
      methodConfidence: 0.6,
    },
    cost: NO_COST,
    risk: {
      level: 'low',
      note: 'the same groups and totals; a SUM over floating-point values can differ in its last digits',
    },
    evidence: { ...evidenceOf(finding, null), preAggregatedSide: rewrite.alias, joinKeys: keys },
  };
}

function evidenceOf(finding: Finding, keys: string | null): Record<string, string | number | null> {
  const e = finding.evidence;
  return {
    operatorKey: stringOf(e.operatorKey),
    joinCondition: stringOf(e.condition),
    joinKeys: keys,
    probeRecords: numberOf(e.probeRecords),
    buildRecords: numberOf(e.buildRecords),
    outputRecords: numberOf(e.outputRecords),
    comparedPairs: numberOf(e.comparedPairs),
    joinTimeShare: numberOf(e.timeShare),
    runs: finding.jobIds.length,
  };
}

/**
 * A join that compares or produces far more rows than it should: a rewrite with the equality the
 * catalog says both sides share, when the ON clause has none; or, where asked, the query with one side
 * aggregated by the join key first; otherwise the condition to add, in words.
 */
export function joinAdvice(options: JoinAdviceOptions): RecommendationDraft {
  const { finding, context } = options;
  const e = finding.evidence;
  const sql = sampleSqlOf(finding);
  const rewrite = sql === null ? undefined : equiRewrite(sql, context);
  const preAggregated =
    rewrite !== undefined || sql === null || !options.preAggregate ? undefined : preAggregateEitherSide(sql);
  if (preAggregated !== undefined) return preAggregateDraft(options, preAggregated);
  const keys = describeJoins(factsOf(finding, context)).find((j) => j.keys !== null)?.keys ?? null;
  const share = rewrite === undefined ? ADVICE_REMOVED_SHARE : EQUI_JOIN_REMOVED_SHARE;
  const operator = stringOf(e.operatorKey) ?? '?';
  const common = {
    findings: [finding],
    payoff: {
      savingsMsPerDay: finding.impactMsPerDay * share,
      method: 'operator-time-share' as const,
      jobIds: finding.jobIds,
      basis: `${share * 100}% of join ${operator}'s ${formatDuration(finding.impactMsPerDay)} a day`,
      methodConfidence: rewrite === undefined ? 0.4 : 0.7,
    },
    cost: NO_COST,
    evidence: { ...evidenceOf(finding, keys), addedEquality: rewrite?.column ?? null },
  };
  if (rewrite !== undefined)
    return {
      ...common,
      kind: 'rewrite-query',
      target: targetOf(finding),
      title: `Join on ${rewrite.column} so join ${operator} can hash`,
      sql: rewrite.sql,
      action:
        `Join ${operator} ${options.symptom}; its ON clause has no equality. Both sides have ${rewrite.column}: ` +
        `adding ${rewrite.join.left.qualifier}.${rewrite.column} = ${rewrite.join.right.qualifier}.${rewrite.column} lets Dremio hash-join.`,
      risk: {
        level: 'medium',
        note: `returns fewer rows if pairs with different ${rewrite.column} were meant to match; compare counts before switching`,
      },
    };
  return {
    ...common,
    kind: 'adjust-client',
    target: targetOf(finding),
    title: `Fix the condition of join ${operator}`,
    sql: null,
    action: `Join ${operator} ${options.symptom}. ${options.advice(keys)}`,
    risk: { level: 'medium', note: 'a changed join condition changes the result; compare before switching' },
  };
}
