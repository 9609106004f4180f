import {
  type OperatorSummary,
  type ProfileSummary,
  TIMED_STATES,
  type TimedState,
} from '../domain/profile-summary.js';
import { operatorTotalNanos, stateSharesPercent } from '../domain/profile-time.js';
import { bytes, count, ms, nanos, percent, ratio } from './humanize-profile.js';

export interface ProfileTableOptions {
  /** Line width to fit; default 100. */
  readonly widthColumns?: number;
  /** How many operators to list by total (setup + process + wait) time; default 10. */
  readonly topOperators?: number;
}

const STATE_LABELS: Readonly<Record<TimedState, string>> = {
  pending: 'pending',
  metadataRetrieval: 'metadata retrieval',
  planning: 'planning',
  queued: 'queued',
  engineStart: 'engine start',
  executionPlanning: 'exec planning',
  starting: 'starting',
  running: 'running',
};

/**
 * A plain-text page of what a Dremio engineer reads first in a profile: header, time and share per
 * state, slowest planning phases, the operators that took longest (wait included), scans with their
 * I/O wait and pruning evidence, joins, spill, skew, reflections.
 */
export function renderProfileSummaryTable(
  summary: ProfileSummary,
  options: ProfileTableOptions = {},
): string {
  const width = Math.max(60, options.widthColumns ?? 100);
  const sections = [
    headerLines(summary, width),
    timeLines(summary, width),
    operatorLines(summary, options.topOperators ?? 10, width),
    scanLines(summary, width),
    joinLines(summary),
    spillAndSkewLines(summary),
    reflectionLines(summary),
    summary.warnings.length === 0 ? [] : ['Warnings', ...summary.warnings.map((w) => `  ${w}`)],
  ];
  return `${sections
    .filter((lines) => lines.length > 0)
    .map((lines) => lines.map((line) => fitWidth(line, width)).join('\n'))
    .join('\n\n')}\n`;
}

function headerLines(s: ProfileSummary, width: number): string[] {
  const facts = [
    `User ${s.user || '?'}`,
    `Dremio ${s.dremioVersion || '?'}`,
    `Duration ${ms(s.durationMs)}`,
    `Planning ${ms(s.planningMs)}`,
  ];
  const job = [`Job ${s.jobId}`, `attempt ${s.attempt}`, s.state];
  if (!s.jobIdExact) job.push('(job id may be rounded)');
  const lines = [
    ...wrap(job, width, { indent: '', separator: '  ' }),
    ...wrap(facts, width, { indent: '', separator: '  ' }),
  ];
  if (s.queue !== undefined)
    lines.push(`Queue ${s.queue.queueName || '?'}  rule ${s.queue.ruleName || '?'}: ${s.queue.ruleContent}`);
  if (s.client.name !== '') lines.push(`Client ${s.client.name} ${s.client.version}`.trimEnd());
  if (s.error !== undefined) lines.push(`Error ${s.error.message || s.error.cancelReason}`);
  return lines;
}

function timeLines(s: ProfileSummary, width: number): string[] {
  const shares = stateSharesPercent(s.stateDurationsMs);
  const coveredMs = TIMED_STATES.reduce((sum, state) => sum + s.stateDurationsMs[state], 0);
  const states = TIMED_STATES.filter((state) => s.stateDurationsMs[state] > 0).map(
    (state) => `${STATE_LABELS[state]} ${ms(s.stateDurationsMs[state])} (${percent(shares[state])})`,
  );
  const phases = [...s.planPhases]
    .filter((p) => p.durationMs > 0)
    .sort((a, b) => b.durationMs - a.durationMs)
    .slice(0, 6)
    .map((p) => `${p.name} ${ms(p.durationMs)}`);
  const lines =
    states.length > 0
      ? [`Time per state (share of ${ms(coveredMs)})`, ...wrap(states, width)]
      : ['Time per state', '  no state timings'];
  if (phases.length > 0) lines.push('Slowest planning phases', ...wrap(phases, width));
  return lines;
}

interface OperatorColumn {
  readonly header: string;
  readonly align: 'left' | 'right';
  /** Columns left out, lowest first, until the table fits the width; undefined: always shown. */
  readonly dropRank?: number;
}

const OPERATOR_COLUMNS: readonly OperatorColumn[] = [
  { header: 'MM-OO', align: 'left' },
  { header: 'Operator', align: 'left' },
  { header: 'Total', align: 'right' },
  { header: '%', align: 'right' },
  { header: 'Process', align: 'right' },
  { header: 'Wait', align: 'right' },
  { header: 'Setup', align: 'right', dropRank: 3 },
  { header: 'Rows in', align: 'right', dropRank: 5 },
  { header: 'Rows out', align: 'right', dropRank: 4 },
  { header: 'Est rows', align: 'right', dropRank: 2 },
  { header: 'Peak mem', align: 'right', dropRank: 1 },
];

// Ranked by setup + process + wait: a scan that waited 0.9 s on I/O outranks one that computed 3 ms.
function operatorLines(s: ProfileSummary, top: number, width: number): string[] {
  if (s.operators.length === 0) return ['Operators', '  none in the profile'];
  const totals = new Map(s.operators.map((op) => [op.key, operatorTotalNanos(op)]));
  const totalOf = (op: OperatorSummary) => totals.get(op.key) ?? 0;
  const sum = (part: (op: OperatorSummary) => number) => s.operators.reduce((t, op) => t + part(op), 0);
  const allNanos = sum(totalOf);
  const rows = [...s.operators]
    .sort((a, b) => totalOf(b) - totalOf(a) || a.key.localeCompare(b.key))
    .slice(0, top)
    .map((op) => [
      op.key,
      (op.subtypeName ?? op.typeName).slice(0, 22),
      nanos(totalOf(op)),
      percent((totalOf(op) / Math.max(allNanos, 1)) * 100),
      nanos(op.processNanos.sum),
      nanos(op.waitNanos.sum),
      nanos(op.setupNanos.sum),
      count(op.recordsIn),
      op.recordsOutSource === 'unknown' ? '?' : count(op.recordsOut),
      op.estimatedRows === undefined ? '' : count(Math.round(op.estimatedRows)),
      bytes(op.peakMemoryBytes),
    ]);
  const parts = [
    `all operators ${nanos(allNanos)}, summed over minor fragments:`,
    `process ${nanos(sum((op) => op.processNanos.sum))},`,
    `wait ${nanos(sum((op) => op.waitNanos.sum))},`,
    `setup ${nanos(sum((op) => op.setupNanos.sum))}`,
  ];
  return [
    'Top operators by total time: setup + process + wait',
    ...wrap(parts, width, { separator: ' ' }),
    ...fittedTable(OPERATOR_COLUMNS, rows, width),
  ];
}

/** A table in `width` columns: the lowest-ranked droppable columns are left out, and the note says which. */
function fittedTable(
  columns: readonly OperatorColumn[],
  rows: readonly (readonly string[])[],
  width: number,
): string[] {
  const natural = columns.map((c, i) => Math.max(c.header.length, ...rows.map((r) => (r[i] ?? '').length)));
  const shown = columns.map((_, i) => i);
  const lineWidth = () => 2 + shown.reduce((w, i) => w + (natural[i] ?? 0), 0) + 2 * (shown.length - 1);
  const droppable = columns
    .map((c, i) => ({ rank: c.dropRank, i }))
    .filter((c): c is { rank: number; i: number } => c.rank !== undefined)
    .sort((a, b) => a.rank - b.rank);
  const dropped: string[] = [];
  for (const { i } of droppable) {
    if (lineWidth() <= width) break;
    shown.splice(shown.indexOf(i), 1);
    dropped.push(columns[i]?.header ?? '');
  }
  const render = (cells: readonly string[]) =>
    `  ${shown
      .map((i) => {
        const cell = cells[i] ?? '';
        return columns[i]?.align === 'left' ? cell.padEnd(natural[i] ?? 0) : cell.padStart(natural[i] ?? 0);
      })
      .join('  ')}`.trimEnd();
  const lines = [render(columns.map((c) => c.header)), ...rows.map(render)];
  if (dropped.length > 0)
    lines.push(
      ...wrap(`(left out to fit ${width} columns: ${dropped.join(', ')})`.split(' '), width, {
        separator: ' ',
      }),
    );
  return lines;
}

function scanLines(s: ProfileSummary, width: number): string[] {
  if (s.scans.length === 0) return [];
  const setupByKey = new Map(s.operators.map((op) => [op.key, op.setupNanos.sum]));
  const lines = ['Scans'];
  for (const scan of s.scans) {
    const pruning = [
      scan.hasPartitionFilter ? 'partition filter' : '',
      scan.hasPruneCondition ? 'prune condition' : '',
      scan.hasManifestFilter ? 'manifest filter' : '',
      scan.rowGroupsPruned > 0 ? `${count(scan.rowGroupsPruned)} row groups pruned` : '',
      scan.partitionsPrunedByRuntimeFilter > 0
        ? `${count(scan.partitionsPrunedByRuntimeFilter)} runtime-pruned`
        : '',
    ].filter((p) => p !== '');
    const facts = [
      scan.splits === undefined ? '' : `splits ${count(scan.splits)}`,
      `rows ${count(scan.recordsRead)}`,
      `read ${bytes(scan.bytesRead)}`,
      scan.dataFiles > 0 ? `files ${count(scan.dataFiles)}` : '',
      `pruning: ${pruning.join(', ') || 'none'}`,
      scan.readsReflection ? 'REFLECTION' : '',
    ].filter((f) => f !== '');
    const setupNanos = scan.setupNanos ?? setupByKey.get(scan.key) ?? 0;
    const times = [
      `time ${nanos(setupNanos + scan.processNanos + scan.waitNanos)}:`,
      `wait (I/O) ${nanos(scan.waitNanos)},`,
      `process ${nanos(scan.processNanos)},`,
      `setup ${nanos(setupNanos)}`,
    ];
    lines.push(
      `  ${scan.key} ${scan.subtypeName ?? scan.typeName}  ${scan.table ?? '?'}`,
      ...wrap(facts, width, { indent: ' '.repeat(8), separator: '  ' }),
      ...wrap(times, width, { indent: ' '.repeat(8), separator: ' ' }),
    );
  }
  return lines;
}

function joinLines(s: ProfileSummary): string[] {
  if (s.joins.length === 0) return [];
  const rows = s.joins.map((j) => [
    j.key,
    `${j.kind} ${j.joinType}`,
    count(j.buildRecords),
    count(j.probeRecords),
    count(j.outputRecords),
    ratio(j.fanOut),
    nanos(j.processNanos),
  ]);
  return ['Joins', ...table(['MM-OO', 'Kind', 'Build', 'Probe', 'Output', 'Fan-out', 'Process'], rows)];
}

function spillAndSkewLines(s: ProfileSummary): string[] {
  const { spill } = s;
  const lines = [
    spill.spilled
      ? `Spill ${bytes(spill.totalBytes)} (hash agg ${bytes(spill.hashAggBytes)}, sort ${bytes(spill.sortBytes)}, hash join ${bytes(spill.hashJoinBytes)}) in ${spill.operatorKeys.join(', ')}`
      : 'Spill none',
  ];
  const skewed = s.fragments.filter((f) => f.minorFragmentCount > 1);
  if (skewed.length > 0) {
    lines.push('Skew (max/median across minor fragments)');
    for (const f of skewed) {
      lines.push(
        `  ${String(f.majorFragmentId).padStart(2, '0')}  ${f.minorFragmentCount} minors  process ${ratio(f.skew.processMaxOverMedian)}  records ${ratio(f.skew.recordsMaxOverMedian)}  blocked upstream ${ms(f.blockedOnUpstreamMs)} downstream ${ms(f.blockedOnDownstreamMs)}`,
      );
    }
  }
  return lines;
}

function reflectionLines(s: ProfileSummary): string[] {
  const { reflections } = s.acceleration;
  if (reflections.length === 0)
    return [`Reflections none considered${s.acceleration.accelerated ? ' (accelerated)' : ''}`];
  return [
    `Reflections ${reflections.length} considered, ${reflections.filter((r) => r.matched).length} matched, ${reflections.filter((r) => r.chosen).length} chosen`,
    ...reflections.map(
      (r) =>
        `  ${r.chosen ? 'chosen ' : r.matched ? 'matched' : 'skipped'}  ${r.type.padEnd(8)} ${r.name || '?'}  ${r.reflectionId}`,
    ),
  ];
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const render = (cells: readonly string[]) =>
    `  ${cells.map((c, i) => (i < 2 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ')}`.trimEnd();
  return [render(head), ...rows.map(render)];
}

/** Joins items with `separator` (' · ') into lines no wider than `width`, each starting with `indent`. */
function wrap(
  items: readonly string[],
  width: number,
  layout: { readonly indent?: string; readonly separator?: string } = {},
): string[] {
  const { indent = '  ', separator = ' · ' } = layout;
  const lines: string[] = [];
  let current = '';
  for (const item of items) {
    const candidate = current === '' ? `${indent}${item}` : `${current}${separator}${item}`;
    if (candidate.length > width && current !== '') {
      lines.push(current);
      current = `${indent}${item}`;
    } else current = candidate;
  }
  if (current !== '') lines.push(current);
  return lines;
}

function fitWidth(line: string, width: number): string {
  return line.length <= width ? line : `${line.slice(0, width - 1)}…`;
}
