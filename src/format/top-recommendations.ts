import type { Recommendation } from '../domain/recommendation.js';
import { formatDuration } from '../domain/units.js';
import { wrapText } from './text-table.js';

/** Net benefit in words: a change whose costs outweigh its savings "costs", it does not "save" a negative. */
function netText(netMsPerDay: number): string {
  return netMsPerDay < 0
    ? `costs ${formatDuration(-netMsPerDay)} a day net`
    : `saves ${formatDuration(netMsPerDay)} a day net`;
}

/**
 * The top recommendations for `demo`: title, net benefit and id, then the statement to run. Prose wraps
 * to `widthColumns`; SQL is printed as written, so it copies whole into a console.
 */
export function renderTopRecommendations(
  recs: readonly Recommendation[],
  options: { readonly count: number; readonly widthColumns: number },
): string {
  const width = Math.max(40, options.widthColumns);
  return recs
    .slice(0, options.count)
    .flatMap((r, i) => {
      const [first = '', ...rest] = wrapText(
        `${r.title} — ${netText(r.netBenefitMsPerDay)} (${r.id})`,
        width - 3,
      );
      const body =
        r.sql === null ? wrapText(r.action, width - 3) : r.sql.split('\n').map((line) => line.trimEnd());
      return [`${`${i + 1}.`.padEnd(3)}${first}`, ...[...rest, ...body].map((line) => `   ${line}`)];
    })
    .join('\n');
}
