import { type ProfileSummary, TIMED_STATES, type TimedState } from '../domain/profile-summary.js';

export interface ProfileTableOptions {
  /** Line width to fit; default 100. */
  readonly widthColumns?: number;
  /** How many operators to list by process time; default 10. */
  readonly topOperators?: number;
}

const STATE_LABELS: Readonly<Record<TimedState, string>> = {
  pending: 'pending',
  metadataRetrieval: 'metadata',
  planning: 'planning',
  queued: 'queued',
  engineStart: 'engine start',
  executionPlanning: 'exec planning',
  starting: 'starting',
  running: 'running',
};

/**
 * A plain-text page of what a Dremio engineer reads first in a profile: header, time per state and
 * planning phase, the heaviest operators, scans with pruning evidence, joins, spill, skew, reflections.
 */
export function renderProfileSummaryTable(
  summary: ProfileSummary,
  options: ProfileTableOptions = {},
): string {
  const width = Math.max(60, options.widthColumns ?? 100);
  const sections = [
    headerLines(summary),
    timeLines(summary, width),
    operatorLines(summary, options.topOperators ?? 10),
    scanLines(summary),
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

function headerLines(s: ProfileSummary): string[] {
  const lines = [
    `Job ${s.jobId}  attempt ${s.attempt}  ${s.state}${s.jobIdExact ? '' : '  (job id may be rounded)'}`,
    `User ${s.user || '?'}  Dremio ${s.dremioVersion || '?'}  Duration ${ms(s.durationMs)}  Planning ${ms(s.planningMs)}`,
  ];
  if (s.queue !== undefined)
    lines.push(`Queue ${s.queue.queueName || '?'}  rule ${s.queue.ruleName || '?'}: ${s.queue.ruleContent}`);
  if (s.client.name !== '') lines.push(`Client ${s.client.name} ${s.client.version}`.trimEnd());
  if (s.error !== undefined) lines.push(`Error ${s.error.message || s.error.cancelReason}`);
  return lines;
}

function timeLines(s: ProfileSummary, width: number): string[] {
  const states = TIMED_STATES.filter((state) => s.stateDurationsMs[state] > 0).map(
    (state) => `${STATE_LABELS[state]} ${ms(s.stateDurationsMs[state])}`,
  );
  const phases = [...s.planPhases]
    .filter((p) => p.durationMs > 0)
    .sort((a, b) => b.durationMs - a.durationMs)
    .slice(0, 6)
    .map((p) => `${p.name} ${ms(p.durationMs)}`);
  const lines = ['Time per state', ...wrap(states.length > 0 ? states : ['no state timings'], width)];
  if (phases.length > 0) lines.push('Slowest planning phases', ...wrap(phases, width));
  return lines;
}

function operatorLines(s: ProfileSummary, top: number): string[] {
  if (s.operators.length === 0) return ['Operators', '  none in the profile'];
  const total = Math.max(s.totalProcessNanos, 1);
  const rows = [...s.operators]
    .sort((a, b) => b.processNanos.sum - a.processNanos.sum)
    .slice(0, top)
    .map((op) => [
      op.key,
      (op.subtypeName ?? op.typeName).slice(0, 22),
      count(op.recordsIn),
      op.recordsOutSource === 'unknown' ? '?' : count(op.recordsOut),
      op.estimatedRows === undefined ? '' : count(Math.round(op.estimatedRows)),
      nanos(op.processNanos.sum),
      share(op.processNanos.sum, total),
      bytes(op.peakMemoryBytes),
    ]);
  const head = ['MM-OO', 'Operator', 'Rows in', 'Rows out', 'Est rows', 'Process', '%', 'Peak mem'];
  return [`Top operators by process time (total ${nanos(s.totalProcessNanos)})`, ...table(head, rows)];
}

function scanLines(s: ProfileSummary): string[] {
  if (s.scans.length === 0) return [];
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
    lines.push(
      `  ${scan.key} ${scan.subtypeName ?? scan.typeName}  ${scan.table ?? '?'}`,
      `        ${facts.join('  ')}`,
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

/** Joins items with ' · ' into indented lines no wider than `width`. */
function wrap(items: readonly string[], width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const item of items) {
    const candidate = current === '' ? `  ${item}` : `${current} · ${item}`;
    if (candidate.length > width && current !== '') {
      lines.push(current);
      current = `  ${item}`;
    } else current = candidate;
  }
  if (current !== '') lines.push(current);
  return lines;
}

function fitWidth(line: string, width: number): string {
  return line.length <= width ? line : `${line.slice(0, width - 1)}…`;
}

// Summaries are sanitised (withPlausibleDurations), but a report never prints NaN whatever it is given.
function count(n: number): string {
  if (!Number.isFinite(n)) return '?';
  return Math.round(n).toLocaleString('en-US');
}

function ms(value: number): string {
  if (!Number.isFinite(value) || value < 0) return '?';
  if (value < 1000) return `${Math.round(value)} ms`;
  if (value < 60_000) return `${(value / 1000).toFixed(2)} s`;
  return `${(value / 60_000).toFixed(1)} min`;
}

function nanos(value: number): string {
  if (!Number.isFinite(value) || value < 0) return '?';
  if (value < 1_000_000) return `${(value / 1000).toFixed(0)} µs`;
  if (value < 10_000_000) return `${(value / 1_000_000).toFixed(1)} ms`;
  return ms(value / 1_000_000);
}

function bytes(value: number): string {
  if (!Number.isFinite(value)) return '?';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = value;
  let unit = 0;
  while (v >= 1024 && unit < units.length - 1) {
    v /= 1024;
    unit++;
  }
  return `${v.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

function ratio(value: number): string {
  return Number.isFinite(value) ? value.toFixed(2) : '?';
}

function share(part: number, total: number): string {
  const percent = Math.round((part / total) * 100);
  return Number.isFinite(percent) ? `${percent}%` : '?';
}
