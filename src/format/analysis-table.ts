import type { AnalysisReport, NotEvaluated } from '../analysis/analysis-report.js';
import type { Finding } from '../domain/finding.js';
import { clip, describeImpact, describeSubject } from './finding-text.js';

export interface AnalysisTableOptions {
  /** Line width to fit; default 100. */
  readonly widthColumns?: number;
}

/** Impact bands, the stake ladder's rungs: what a day of this problem costs. */
const BANDS: readonly { readonly label: string; readonly minMsPerDay: number }[] = [
  { label: 'Costing over 1 h a day', minMsPerDay: 3_600_000 },
  { label: 'Costing 10 min to 1 h a day', minMsPerDay: 600_000 },
  { label: 'Costing 1 to 10 min a day', minMsPerDay: 60_000 },
  { label: 'Costing under 1 min a day', minMsPerDay: 0 },
];

// severity, detector, impact/day, jobs; the title takes the rest of the line.
const COLUMNS = [8, 18, 10, 6] as const;
const HEADINGS = ['SEVERITY', 'DETECTOR', 'IMPACT/DAY', 'JOBS'] as const;
const ID_WIDTH = 16;

/**
 * The report as text: findings grouped by impact band (largest first), one two-line entry each —
 * severity, detector, time per day, jobs and title, then the finding id (for `waive`) and the subject —
 * followed by what was not
 * evaluated (so silence is not read as health), waived and resolved findings. Fits `widthColumns`.
 */
export function renderAnalysisTable(report: AnalysisReport, options: AnalysisTableOptions = {}): string {
  const width = Math.max(80, options.widthColumns ?? 100);
  const sections = [
    headerLines(report),
    ...BANDS.map((band, i) => bandLines(report.findings, { band, upper: BANDS[i - 1]?.minMsPerDay, width })),
    notEvaluatedLines(report.notEvaluated),
    otherLines(report),
  ];
  return `${sections
    .filter((lines) => lines.length > 0)
    .map((lines) => lines.map((line) => clip(line, width)).join('\n'))
    .join('\n\n')}\n`;
}

/** Just the findings, grouped by impact band as in the report (for `analyze-profile`). */
export function renderFindingLines(findings: readonly Finding[], options: AnalysisTableOptions = {}): string {
  const width = Math.max(80, options.widthColumns ?? 100);
  const lines = BANDS.flatMap((band, i) => {
    const group = bandLines(findings, { band, upper: BANDS[i - 1]?.minMsPerDay, width });
    return group.length === 0 ? [] : ['', ...group];
  });
  return lines
    .slice(1)
    .map((line) => clip(line, width))
    .join('\n');
}

function headerLines(r: AnalysisReport): string[] {
  const day = (d: Date) => d.toISOString().slice(0, 16).replace('T', ' ');
  const count = r.findings.length;
  const dataFrom = new Date(r.window.to.getTime() - r.window.days * 86_400_000);
  return [
    // The data's own span: the window may start before the oldest job (a short import, a young store).
    `Cluster ${r.clusterName}: ${r.jobCount.toLocaleString('en-US')} jobs over ${r.window.days.toFixed(1)} days of data, ${day(dataFrom)} to ${day(r.window.to)} UTC`,
    count === 0
      ? `No findings from ${r.detectors.length} detectors.`
      : `${count} finding${count === 1 ? '' : 's'} from ${r.detectors.length} detectors, largest impact first.`,
  ];
}

function bandLines(
  findings: readonly Finding[],
  input: { band: (typeof BANDS)[number]; upper: number | undefined; width: number },
): string[] {
  const inBand = findings
    .filter((f) => f.impactMsPerDay >= input.band.minMsPerDay)
    .filter((f) => input.upper === undefined || f.impactMsPerDay < input.upper)
    .sort((a, b) => b.impactMsPerDay - a.impactMsPerDay || (a.id < b.id ? -1 : 1));
  if (inBand.length === 0) return [];
  const subjectWidth = input.width - 4 - ID_WIDTH - 2;
  return [
    input.band.label,
    `  ${row([...HEADINGS])}  TITLE / ID AND SUBJECT`,
    ...inBand.flatMap((f) => [
      // A dataset or reflection finding links no jobs: `—`, not a misleading 0.
      `  ${row([f.severity, f.detector, describeImpact(f.impactMsPerDay), f.jobIds.length === 0 ? '—' : f.jobIds.length.toLocaleString('en-US')])}  ${f.title}`,
      `    ${f.id}  ${describeSubject(f.subject, subjectWidth)}`,
    ]),
  ];
}

function row(cells: readonly string[]): string {
  return cells
    .map((cell, i) => {
      const w = COLUMNS[i] ?? 0;
      // Numbers align right, words left.
      return i === 2 || i === 3 ? clip(cell, w).padStart(w) : clip(cell, w).padEnd(w);
    })
    .join('  ');
}

function notEvaluatedLines(items: readonly NotEvaluated[]): string[] {
  if (items.length === 0) return [];
  return [
    'Not evaluated (silence here is not health)',
    ...items.map((n) =>
      n.missing === null
        ? `  ${n.detector}: ${n.reason}`
        : n.skippedJobs > 0
          ? `  ${n.detector}: ${n.reason} for ${n.skippedJobs} of ${n.totalJobs} jobs`
          : `  ${n.detector}: ${n.reason}`,
    ),
  ];
}

function otherLines(r: AnalysisReport): string[] {
  const lines: string[] = [];
  if (r.waived.length > 0)
    lines.push(`${r.waived.length} finding${r.waived.length === 1 ? '' : 's'} hidden by waivers.`);
  if (r.resolvedIds.length > 0)
    lines.push(
      `${r.resolvedIds.length} earlier finding${r.resolvedIds.length === 1 ? ' was' : 's were'} not seen again and ${r.resolvedIds.length === 1 ? 'is' : 'are'} now resolved.`,
    );
  return lines;
}
