import type { EstimatedCost, Recommendation, RecommendationStatusChange } from '../domain/recommendation.js';
import { formatBytes, formatCount, formatDuration } from '../domain/units.js';
import { renderTextTable, wrapText } from './text-table.js';

/** A change that frees storage carries negative `storageBytes`: say "frees", never "-56.8 GiB of storage". */
function storageText(cost: EstimatedCost): string {
  if (cost.storageBytes < 0) return `frees ${formatBytes(-cost.storageBytes)} of storage`;
  if (cost.storageBytes === 0) return 'no storage';
  return `${formatBytes(cost.storageBytes)} of storage`;
}

/**
 * One row per recommendation, largest net benefit first: id, status, kind, net a day, confidence and
 * the title, which wraps within `widthColumns` rather than being cut.
 */
export function recommendationsTable(
  recs: readonly Recommendation[],
  widthColumns = Number.POSITIVE_INFINITY,
): string {
  if (recs.length === 0) return 'no recommendations';
  const rows = recs.map((r) => [
    r.id,
    r.status,
    r.kind,
    `${formatDuration(r.netBenefitMsPerDay)}/day`,
    r.confidence.toFixed(2),
  ]);
  const columns = [
    { header: 'ID' },
    { header: 'STATUS' },
    { header: 'KIND' },
    { header: 'NET', align: 'right' as const },
    { header: 'CONF' },
  ];
  const fixed = renderTextTable(columns, rows, widthColumns).split('\n');
  const room = widthColumns - Math.max(...fixed.map((l) => l.length)) - 2;
  if (room >= MIN_TITLE_COLUMN)
    return renderTextTable(
      [...columns, { header: 'TITLE', wrap: true }],
      rows.map((row, i) => [...row, recs[i]!.title]),
      widthColumns,
    );
  // Too narrow for a title column worth reading: each title goes whole on the lines under its row.
  const lines = [fixed[0]!];
  recs.forEach((r, i) => {
    lines.push(fixed[i + 1]!);
    for (const line of wrapText(r.title, Math.max(20, widthColumns - 4))) lines.push(`    ${line}`);
  });
  return lines.join('\n');
}

/** Below this, a title column would be a narrow ribbon of words; titles move under their rows. */
const MIN_TITLE_COLUMN = 30;

const LABEL_WIDTH = 12;

/** `Label:` and its text, the text wrapped under itself so a long rationale reads as a paragraph. */
function labelled(label: string, text: string, widthColumns: number): string {
  const head = `${label}:`.padEnd(LABEL_WIDTH);
  if (!Number.isFinite(widthColumns)) return `${head}${text}`;
  return wrapText(text, Math.max(20, widthColumns - LABEL_WIDTH))
    .map((line, i) => (i === 0 ? head : ' '.repeat(LABEL_WIDTH)) + line)
    .join('\n');
}

/** An instant as the reader scans it: to the second, in UTC. */
function instant(at: Date): string {
  return `${at.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** Everything about one recommendation: the statement to run, the estimate and how it was made. */
export function recommendationDetail(
  rec: Recommendation,
  history: readonly RecommendationStatusChange[] = [],
  widthColumns = Number.POSITIVE_INFINITY,
): string {
  const c = rec.estimatedCost;
  const prose = (text: string) =>
    Number.isFinite(widthColumns) ? wrapText(text, Math.max(20, widthColumns)).join('\n') : text;
  const lines = [
    `${rec.id}  ${rec.kind}  (${rec.status})`,
    prose(rec.title),
    '',
    // The statement is printed whole, never wrapped, so it copies into Dremio as it is.
    rec.sql === null ? labelled('Change', rec.action, widthColumns) : `${rec.sql};`,
    ...(rec.sql === null ? [] : ['', prose(rec.action)]),
    '',
    labelled(
      'Saves',
      `${formatDuration(rec.estimatedSavingsMsPerDay)} a day over ${formatCount(rec.jobIds.length)} jobs (${rec.method})`,
      widthColumns,
    ),
    labelled(
      'Costs',
      `${formatDuration(c.refreshMsPerDay)} a day, ${formatDuration(c.oneOffMs)} once, ${storageText(c)}`,
      widthColumns,
    ),
    labelled(
      'Net',
      `${formatDuration(rec.netBenefitMsPerDay)} a day, confidence ${rec.confidence.toFixed(2)}`,
      widthColumns,
    ),
    labelled('Why', rec.rationale, widthColumns),
    labelled('Findings', rec.findingIds.join(', '), widthColumns),
  ];
  const closing = rec.status === 'closed' ? history.findLast((h) => h.toStatus === 'closed') : undefined;
  if (closing !== undefined)
    lines.splice(
      2,
      0,
      labelled(
        'Closed',
        `${instant(closing.at)} by ${closing.actor ?? 'unknown'}: ${closing.reason ?? 'no reason recorded'}`,
        widthColumns,
      ),
    );
  for (const h of history)
    lines.push(
      labelled(
        'History',
        `${instant(h.at)} ${h.fromStatus ?? '—'} → ${h.toStatus} by ${h.actor ?? 'unknown'}${h.reason ? `: ${h.reason}` : ''}`,
        widthColumns,
      ),
    );
  return lines.join('\n');
}
