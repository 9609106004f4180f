import type { Recommendation, RecommendationStatusChange } from '../domain/recommendation.js';

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

/** One line per recommendation, largest net benefit first: id, status, kind, net s/day, title. */
export function recommendationsTable(recs: readonly Recommendation[]): string {
  if (recs.length === 0) return 'no recommendations';
  const rows = recs.map((r) => [
    r.id,
    r.status,
    r.kind,
    `${seconds(r.netBenefitMsPerDay)}/day`,
    r.confidence.toFixed(2),
    r.title,
  ]);
  const header = ['ID', 'STATUS', 'KIND', 'NET', 'CONF', 'TITLE'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

/** Everything about one recommendation: the statement to run, the estimate and how it was made. */
export function recommendationDetail(
  rec: Recommendation,
  history: readonly RecommendationStatusChange[] = [],
): string {
  const c = rec.estimatedCost;
  const lines = [
    `${rec.id}  ${rec.kind}  (${rec.status})`,
    rec.title,
    '',
    rec.sql === null ? `Change: ${rec.action}` : `${rec.sql};`,
    ...(rec.sql === null ? [] : ['', rec.action]),
    '',
    `Saves:      ${seconds(rec.estimatedSavingsMsPerDay)} a day over ${rec.jobIds.length} jobs (${rec.method})`,
    `Costs:      ${seconds(c.refreshMsPerDay)} a day, ${seconds(c.oneOffMs)} once, ${c.storageBytes} bytes of storage`,
    `Net:        ${seconds(rec.netBenefitMsPerDay)} a day, confidence ${rec.confidence.toFixed(2)}`,
    `Why:        ${rec.rationale}`,
    `Findings:   ${rec.findingIds.join(', ')}`,
  ];
  const closing = rec.status === 'closed' ? history.findLast((h) => h.toStatus === 'closed') : undefined;
  if (closing !== undefined)
    lines.splice(
      2,
      0,
      `Closed:     ${closing.at.toISOString()} by ${closing.actor ?? 'unknown'}: ${closing.reason ?? 'no reason recorded'}`,
    );
  for (const h of history)
    lines.push(
      `History:    ${h.at.toISOString()} ${h.fromStatus ?? '—'} → ${h.toStatus} by ${h.actor ?? 'unknown'}${h.reason ? `: ${h.reason}` : ''}`,
    );
  return lines.join('\n');
}

/** The top recommendations with their SQL, for `demo` and the end of `analyze`. */
export function topRecommendations(recs: readonly Recommendation[], count: number): string {
  return recs
    .slice(0, count)
    .map(
      (r, i) =>
        `${i + 1}. ${r.title} — saves ${seconds(r.netBenefitMsPerDay)} a day net (${r.id})\n   ` +
        (r.sql ?? r.action).replaceAll('\n', '\n   '),
    )
    .join('\n');
}
