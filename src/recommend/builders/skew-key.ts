import type { Finding } from '../../domain/finding.js';
import { formatDuration } from '../../domain/units.js';
import type { BuildContext, RecommendationDraft } from '../draft.js';
import { NO_COST } from '../draft.js';
import { numberOf, stringOf } from '../rewrite/evidence-value.js';
import { targetOf } from '../rewrite/finding-target.js';
import { describeJoins, factsOf, sampleSqlOf } from '../rewrite/join-keys.js';
import { preAggregateEitherSide } from '../rewrite/pre-aggregate-join.js';

/**
 * Removing a hot key's straggler brings the phase back near its median; half the excess is what we
 * claim, since the hot rows still have to be processed somewhere.
 */
export const SKEW_EXCESS_REMOVED_SHARE = 0.5;

interface SkewKey {
  readonly key: string | null;
  readonly where: 'join' | 'group-by' | null;
}

/** The key the uneven operator distributes on: a join's equi pairs, else the GROUP BY columns. */
function skewKey(finding: Finding, context: BuildContext): SkewKey {
  const facts = factsOf(finding, context);
  const operator = (stringOf(finding.evidence.operatorType) ?? '').toUpperCase();
  const join = describeJoins(facts).find((j) => j.keys !== null);
  const groupBy = (facts?.groupBy ?? []).flatMap((g) => (g.column === null ? [] : [g.column.name]));
  if (operator.includes('AGG') && groupBy.length > 0) return { key: groupBy.join(', '), where: 'group-by' };
  if (join?.keys) return { key: join.keys, where: 'join' };
  if (groupBy.length > 0) return { key: groupBy.join(', '), where: 'group-by' };
  return { key: null, where: null };
}

/** What the profile shows: the fragment, its straggler ratio, the operator and the key it hashes on. */
function symptomOf(finding: Finding, key: SkewKey): string {
  const e = finding.evidence;
  const ratio = numberOf(e.processMaxOverMedian) ?? 0;
  const head =
    `In major fragment ${e.majorFragmentId}, the slowest of ${e.minorFragmentCount} minor fragments worked ` +
    `${ratio.toFixed(1)}× the median (operator ${e.operatorKey ?? '?'}, ${e.operatorType ?? 'unknown'})`;
  if (key.key === null) return head;
  return `${head} on ${key.where === 'join' ? 'join key' : 'GROUP BY'} ${key.key}`;
}

function actionOf(finding: Finding, key: SkewKey): string {
  const symptom = symptomOf(finding, key);
  if (key.key === null)
    return `${symptom}. Find the value that dominates the key this phase hashes on and filter it or handle it apart.`;
  const fix =
    key.where === 'join'
      ? 'a few key values carry most rows: filter those values (e.g. a guest or unknown id) out of the join and ' +
        'union their result back, or aggregate the large side by the key before joining so each value is one row'
      : 'a few group values carry most rows: pre-aggregate on a finer key first, or filter the dominant value apart';
  return `${symptom}: ${fix}.`;
}

/**
 * skew → the key the phase is hashed on and the change that spreads it: for a join feeding an aggregate,
 * the query with the large side aggregated by the key first (full SQL); otherwise words, no SQL (Dremio
 * has no DISTRIBUTE BY for queries, and our reflection grammar none either).
 */
export function buildSkewChanges(context: BuildContext): RecommendationDraft[] {
  return context.findings.flatMap((finding) => {
    // Without the fragment it was measured on there is nothing to name (a finding stored by another version).
    if (numberOf(finding.evidence.processMaxOverMedian) === null) return [];
    const key = skewKey(finding, context);
    const e = finding.evidence;
    const draft: RecommendationDraft = {
      kind: 'adjust-client',
      target: targetOf(finding),
      title: key.key === null ? 'Spread a skewed phase' : `Spread the hot values of ${key.key}`,
      sql: null,
      action: actionOf(finding, key),
      findings: [finding],
      payoff: {
        savingsMsPerDay: finding.impactMsPerDay * SKEW_EXCESS_REMOVED_SHARE,
        method: 'operator-time-share',
        jobIds: finding.jobIds,
        basis:
          `${SKEW_EXCESS_REMOVED_SHARE * 100}% of the ${formatDuration(finding.impactMsPerDay)} a day the job waits ` +
          'for its slowest minor fragment beyond the median one',
        methodConfidence: 0.35,
      },
      cost: NO_COST,
      risk: {
        level: 'medium',
        note: 'splitting out a hot value changes the query text; check the results match before switching',
      },
      evidence: {
        majorFragmentId: numberOf(e.majorFragmentId),
        minorFragmentCount: numberOf(e.minorFragmentCount),
        processMaxOverMedian: numberOf(e.processMaxOverMedian),
        recordsMaxOverMedian: numberOf(e.recordsMaxOverMedian),
        excessMs: numberOf(e.excessMs),
        operatorKey: stringOf(e.operatorKey),
        operatorType: stringOf(e.operatorType),
        skewKey: key.key,
        runs: finding.jobIds.length,
      },
    };
    const sql = sampleSqlOf(finding);
    const pre = key.where === 'join' && sql !== null ? preAggregateEitherSide(sql) : undefined;
    if (pre === undefined) return [draft];
    const keys = pre.keys.map((k) => `${pre.alias}.${k}`).join(', ');
    return [
      {
        ...draft,
        kind: 'rewrite-query',
        title: `Aggregate ${pre.alias} by ${keys} before the skewed join`,
        sql: pre.sql,
        action:
          `${symptomOf(finding, key)}. Aggregating ${pre.alias} by ${keys} first turns each hot key ` +
          'into one row, so no fragment gets most of the rows; the outer aggregates add the partial counts and sums up.',
        risk: {
          level: 'low',
          note: 'the same groups and totals; a SUM over floating-point values can differ in its last digits',
        },
        payoff: { ...draft.payoff, methodConfidence: 0.5 },
      },
    ];
  });
}
