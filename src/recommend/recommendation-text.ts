import type { EstimatedCost, Recommendation, RecommendationStatusChange } from '../domain/recommendation.js';
import { formatBytes, formatCount, formatDuration } from '../domain/units.js';

/** A change that frees storage carries negative `storageBytes`: say "frees", never "-56.8 GiB of storage". */
function storageText(cost: EstimatedCost): string {
  if (cost.storageBytes < 0) return `frees ${formatBytes(-cost.storageBytes)} of storage`;
  if (cost.storageBytes === 0) return 'no storage';
  return `${formatBytes(cost.storageBytes)} of storage`;
}

/** One line per recommendation, largest net benefit first: id, status, kind, net s/day, title. */
export function recommendationsTable(recs: readonly Recommendation[]): string {
  if (recs.length === 0) return 'no recommendations';
  const rows = recs.map((r) => [
    r.id,
    r.status,
    r.kind,
    `${formatDuration(r.netBenefitMsPerDay)}/day`,
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
    `Saves:      ${formatDuration(rec.estimatedSavingsMsPerDay)} a day over ${formatCount(rec.jobIds.length)} jobs (${rec.method})`,
    `Costs:      ${formatDuration(c.refreshMsPerDay)} a day, ${formatDuration(c.oneOffMs)} once, ${storageText(c)}`,
    `Net:        ${formatDuration(rec.netBenefitMsPerDay)} a day, confidence ${rec.confidence.toFixed(2)}`,
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
