import { formatCompactCount } from '../../domain/units.js';
import type { BuildContext, RecommendationDraft } from '../draft.js';
import { numberOf } from '../rewrite/evidence-value.js';
import { joinAdvice } from '../rewrite/join-advice.js';

/**
 * nested-loop-join → the equality the join lacks, as a rewritten query when both tables share a key
 * column; otherwise the condition to add, with the range part kept as a residual filter.
 */
export function buildNestedLoopFixes(context: BuildContext): RecommendationDraft[] {
  return context.findings.map((finding) => {
    const pairs = numberOf(finding.evidence.comparedPairs) ?? 0;
    return joinAdvice({
      finding,
      context,
      preAggregate: false,
      symptom: `is a nested loop that compares ${formatCompactCount(pairs)} row pairs`,
      advice: (keys) =>
        keys === null
          ? 'Give it an equality both sides share (a key column), keeping the range or inequality as an extra condition, so Dremio can hash-join.'
          : `The equality ${keys} is there but Dremio still loops: make sure both sides of it have the same type (CAST the narrower one), ` +
            'and move the range part to a filter after an equi-join on it.',
    });
  });
}
