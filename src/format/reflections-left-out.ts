import type { Recommendation } from '../domain/recommendation.js';
import { formatDecimalBytes } from '../domain/units.js';
import type { LeftOutReflection } from '../recommend/reflection-set/plan.js';
import { describeImpact } from './finding-text.js';
import { wrapText } from './text-table.js';

const WHY: Readonly<Record<LeftOutReflection['reason'], string>> = {
  budget: 'left out for the budget',
  'not-worth-it': 'not worth it: refreshing costs more than it saves',
  existing: 'already served',
};

/**
 * The lines after the report that say which reflections the set did not create and the numbers that
 * decided it; none when nothing was left out.
 */
export function describeReflectionsLeftOut(
  leftOut: readonly LeftOutReflection[],
  widthColumns = Number.POSITIVE_INFINITY,
): string[] {
  if (leftOut.length === 0) return [];
  const lines = leftOut.map((l) => {
    const shapes = l.fingerprints.length === 1 ? '1 query shape' : `${l.fingerprints.length} query shapes`;
    const numbers =
      l.reason === 'existing'
        ? `by reflection ${l.existingReflection ?? '?'}`
        : `saves ${describeImpact(l.savingsMsPerDay)}/day, refresh ${describeImpact(l.refreshMsPerDay)}/day, ` +
          `storage ${formatDecimalBytes(l.storageBytes)}`;
    return item(
      `${l.type} reflection on ${l.datasetPath} (${shapes}): ${WHY[l.reason]}, ${numbers}`,
      widthColumns,
    );
  });
  return ['Reflections not recommended:', ...lines];
}

/**
 * The changes left out because they cost more than they save: what each would save and cost a day,
 * so a user who disagrees with a cost can see exactly why it is absent.
 */
export function describeNotWorthIt(
  recs: readonly Recommendation[],
  widthColumns = Number.POSITIVE_INFINITY,
): string[] {
  if (recs.length === 0) return [];
  const lines = recs.map((r) =>
    item(
      `${r.title}: saves ${describeImpact(r.estimatedSavingsMsPerDay)}/day, costs ` +
        `${describeImpact(r.estimatedCost.refreshMsPerDay)}/day (${r.estimatedCost.basis})`,
      widthColumns,
    ),
  );
  return ['Not worth it (costs more than it saves, so not recommended):', ...lines];
}

/** One entry, indented under its heading; continuation lines indented further so entries stand apart. */
function item(text: string, widthColumns: number): string {
  if (!Number.isFinite(widthColumns)) return `  ${text}`;
  return wrapText(text, Math.max(20, widthColumns - 4))
    .map((line, i) => (i === 0 ? `  ${line}` : `    ${line}`))
    .join('\n');
}
