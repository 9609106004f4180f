import type { AnalysisReport, NotEvaluated } from '../analysis/analysis-report.js';
import type { Finding } from '../domain/finding.js';
import { formatCount } from '../domain/units.js';
import { paintSeverity } from './ansi.js';
import { clip, describeImpact, subjectName, subjectSample } from './finding-text.js';
import { wrapText } from './text-table.js';

export interface AnalysisTableOptions {
  /** Line width to fit; default 100. */
  readonly widthColumns?: number;
  /** Severity in colour (the CLI decides: a TTY and no `NO_COLOR`); default off. */
  readonly colour?: boolean;
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
/** Where the title column starts: two spaces, the fixed columns and their gaps. */
const TITLE_AT = 2 + COLUMNS.reduce((sum, w) => sum + w + 2, 0);
/** Where the subject starts on the line under the title: the id and its gap. */
const SUBJECT_AT = 4 + ID_WIDTH + 2;
/** A fingerprint's sample SQL is an illustration: the subject takes at most this many more lines for it. */
const SAMPLE_LINES = 1;
/** Narrower than this, the title column would wrap every few words: the title gets lines of its own. */
const MIN_TITLE_WIDTH = 40;

/**
 * The report as text: findings grouped by impact band (largest first), one two-line entry each —
 * severity, detector, time per day, jobs and title, then the finding id (for `waive`) and the subject —
 * followed by what was not
 * evaluated (so silence is not read as health), waived and resolved findings. Fits `widthColumns`:
 * the fixed columns are cut with an ellipsis where they must be, while the title and the subject wrap,
 * so a dataset path, a reflection or a fingerprint is always shown whole.
 */
export function renderAnalysisTable(report: AnalysisReport, options: AnalysisTableOptions = {}): string {
  const width = Math.max(80, options.widthColumns ?? 100);
  const layout = { width, colour: options.colour ?? false };
  const sections = [
    headerLines(report).flatMap((line) => wrapHanging(line, width, 2)),
    ...BANDS.map((band, i) =>
      bandLines(report.findings, { band, upper: BANDS[i - 1]?.minMsPerDay, ...layout }),
    ),
    notEvaluatedLines(report.notEvaluated).flatMap((line) => wrapHanging(line, width, 4)),
    otherLines(report).flatMap((line) => wrapHanging(line, width, 2)),
  ];
  return `${sections
    .filter((lines) => lines.length > 0)
    .map((lines) => lines.join('\n'))
    .join('\n\n')}\n`;
}

/** Just the findings, grouped by impact band as in the report (for `analyze-profile`). */
export function renderFindingLines(findings: readonly Finding[], options: AnalysisTableOptions = {}): string {
  const width = Math.max(80, options.widthColumns ?? 100);
  const lines = BANDS.flatMap((band, i) => {
    const group = bandLines(findings, {
      band,
      upper: BANDS[i - 1]?.minMsPerDay,
      width,
      colour: options.colour ?? false,
    });
    return group.length === 0 ? [] : ['', ...group];
  });
  return lines.slice(1).join('\n');
}

function headerLines(r: AnalysisReport): string[] {
  const day = (d: Date) => d.toISOString().slice(0, 16).replace('T', ' ');
  const count = r.findings.length;
  const dataFrom = new Date(r.window.to.getTime() - r.window.days * 86_400_000);
  return [
    // The data's own span: the window may start before the oldest job (a short import, a young store).
    `Cluster ${r.clusterName}: ${formatCount(r.jobCount)} jobs on ${formatCount(r.daysWithJobs)} ${r.daysWithJobs === 1 ? 'day' : 'days'}, ${day(dataFrom)} to ${day(r.window.to)} UTC (${r.window.days.toFixed(1)} days of data)`,
    count === 0
      ? `No findings from ${r.detectors.length} detectors.`
      : `${formatCount(count)} finding${count === 1 ? '' : 's'} from ${r.detectors.length} detectors, largest impact first.`,
  ];
}

function bandLines(
  findings: readonly Finding[],
  input: { band: (typeof BANDS)[number]; upper: number | undefined; width: number; colour: boolean },
): string[] {
  const inBand = findings
    .filter((f) => f.impactMsPerDay >= input.band.minMsPerDay)
    .filter((f) => input.upper === undefined || f.impactMsPerDay < input.upper)
    .sort((a, b) => b.impactMsPerDay - a.impactMsPerDay || (a.id < b.id ? -1 : 1));
  if (inBand.length === 0) return [];
  return [
    input.band.label,
    `  ${row([...HEADINGS], { severity: undefined, colour: false })}  TITLE / ID AND SUBJECT`,
    ...inBand.flatMap((f) => findingLines(f, input)),
  ];
}

/** One finding: its row with the title wrapped in the title column, then its id and whole subject. */
function findingLines(f: Finding, layout: { width: number; colour: boolean }): string[] {
  // A dataset or reflection finding links no jobs: `—`, not a misleading 0.
  const jobs = f.jobIds.length === 0 ? '—' : formatCount(f.jobIds.length);
  const cells = row([f.severity, f.detector, describeImpact(f.impactMsPerDay), jobs], {
    severity: f.severity,
    colour: layout.colour,
  });
  const subject = subjectLines(f, layout.width - SUBJECT_AT);
  const subjectBlock = [
    `    ${f.id}  ${subject[0] ?? ''}`,
    ...subject.slice(1).map((line) => `${' '.repeat(SUBJECT_AT)}${line}`),
  ];
  if (layout.width - TITLE_AT < MIN_TITLE_WIDTH)
    return [
      `  ${cells}`.trimEnd(),
      ...wrapText(f.title, layout.width - 4).map((l) => `    ${l}`),
      ...subjectBlock,
    ];
  const [first = '', ...rest] = wrapText(f.title, layout.width - TITLE_AT);
  return [`  ${cells}  ${first}`, ...rest.map((line) => `${' '.repeat(TITLE_AT)}${line}`), ...subjectBlock];
}

/**
 * The subject wrapped to `width`, whole, followed by as much of a fingerprint's sample SQL as fits in
 * {@link SAMPLE_LINES} more lines, with `…` where the SQL is cut (`findings show` has it in full).
 */
function subjectLines(f: Finding, width: number): string[] {
  const name = subjectName(f.subject);
  const words = subjectSample(f.subject)
    .split(' ')
    .filter((w) => w !== '');
  const maxLines = wrapText(name, width).length + SAMPLE_LINES;
  const attempt = (k: number) =>
    wrapText([name, ...words.slice(0, k), ...(k < words.length ? ['…'] : [])].join(' '), width);
  // Greedy wrapping is monotonic in the words taken: the most that fit is found by bisection.
  let lo = 0;
  let hi = words.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (attempt(mid).length <= maxLines) lo = mid;
    else hi = mid - 1;
  }
  return attempt(lo);
}

function row(
  cells: readonly string[],
  style: { severity: Finding['severity'] | undefined; colour: boolean },
): string {
  return cells
    .map((cell, i) => {
      const w = COLUMNS[i] ?? 0;
      // Numbers align right, words left; only the fixed columns are ever cut, and visibly.
      const text = i === 2 || i === 3 ? clip(cell, w).padStart(w) : clip(cell, w).padEnd(w);
      return i === 0 && style.severity !== undefined
        ? paintSeverity(text, style.severity, style.colour)
        : text;
    })
    .join('  ');
}

/** `text` wrapped to `width`, its continuation lines indented by `indent` more than its own indent. */
function wrapHanging(text: string, width: number, indent: number): string[] {
  const own = text.length - text.trimStart().length;
  const [head = '', ...more] = wrapText(text.trimStart(), width - own);
  if (more.length === 0) return [text];
  const tail = wrapText(more.join(' '), width - own - indent);
  return [`${' '.repeat(own)}${head}`, ...tail.map((line) => `${' '.repeat(own + indent)}${line}`)];
}

function notEvaluatedLines(items: readonly NotEvaluated[]): string[] {
  if (items.length === 0) return [];
  return [
    'Not evaluated (silence here is not health)',
    ...items.map((n) =>
      n.missing === null
        ? `  ${n.detector}: ${n.reason}`
        : n.skippedJobs > 0
          ? `  ${n.detector}: ${n.reason} for ${formatCount(n.skippedJobs)} of ${formatCount(n.totalJobs)} jobs`
          : `  ${n.detector}: ${n.reason}`,
    ),
  ];
}

function otherLines(r: AnalysisReport): string[] {
  const lines: string[] = [];
  if (r.waived.length > 0)
    lines.push(
      `${formatCount(r.waived.length)} finding${r.waived.length === 1 ? '' : 's'} hidden by waivers.`,
    );
  if (r.resolvedIds.length > 0)
    lines.push(
      `${formatCount(r.resolvedIds.length)} earlier finding${r.resolvedIds.length === 1 ? ' was' : 's were'} not seen again and ${r.resolvedIds.length === 1 ? 'is' : 'are'} now resolved.`,
    );
  return lines;
}
