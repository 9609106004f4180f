import { formatCompactCount } from '../../domain/units.js';
import type { BuildContext, RecommendationDraft } from '../draft.js';
import { numberOf } from '../rewrite/evidence-value.js';
import { joinAdvice } from '../rewrite/join-advice.js';

/**
 * join-fanout → the missing key when the ON clause has no equality (rewritten query); for an equi-join
 * on a key that is unique on neither side, the condition to add or the side to aggregate first.
 */
export function buildJoinFanoutFixes(context: BuildContext): RecommendationDraft[] {
  return context.findings.map((finding) => {
    const e = finding.evidence;
    const ratio = numberOf(e.outputToInputRatio) ?? 0;
    const out = numberOf(e.outputRecords) ?? 0;
    return joinAdvice({
      finding,
      context,
      preAggregate: true,
      symptom: `returns ${formatCompactCount(out)} rows, ${ratio.toFixed(1)}× its larger input`,
      advice: (keys) =>
        keys === null
          ? 'It has no equality: add the key both sides share to its ON clause.'
          : `${keys} is unique on neither side, so every match multiplies: join on the full key (add the column that ` +
            'makes it unique), or aggregate one side by the key before the join so each key value is one row.',
    });
  });
}
