import type { Command } from 'commander';
import type { z } from 'zod';
import {
  baselineOutput,
  type fingerprintOutput,
  getFingerprint,
  listBaselines,
} from '../app/fingerprints.js';
import { stringifyWire } from '../app/wire-json.js';
import { NotFoundError } from '../errors.js';
import { renderTextTable } from '../format/text-table.js';
import { formatBytes, formatCount, formatMs, formatTime } from '../web/format.js';
import type { CliCommand } from './command.js';
import type { CliContext } from './context.js';
import { formatOption, type OutputFormat } from './format-option.js';
import { terminalWidth } from './terminal-width.js';
import { withServices } from './with-store.js';

type BaselineRow = z.input<typeof baselineOutput>;
type FingerprintDetail = z.input<typeof fingerprintOutput>;

interface ListFlags {
  readonly cluster?: string;
  readonly windowDays?: string;
  readonly metric?: string;
  readonly limit: string;
  readonly format: OutputFormat;
}

interface ShowFlags {
  readonly cluster?: string;
  readonly days?: string;
  readonly format: OutputFormat;
}

/** A percentile in the unit of its metric: bytes as KiB/MiB, times as ms, s or min. */
function metricValue(metric: string, value: number | null): string {
  return metric === 'bytes_scanned' ? formatBytes(value) : formatMs(value);
}

/** The pure step of `list`: the service's input from the flags (the service validates the values). */
export function baselineListOptions(flags: Omit<ListFlags, 'format'>): Parameters<typeof listBaselines>[1] {
  return {
    limit: flags.limit,
    ...(flags.cluster === undefined ? {} : { cluster: flags.cluster }),
    ...(flags.windowDays === undefined ? {} : { windowDays: flags.windowDays }),
    ...(flags.metric === undefined ? {} : { metric: flags.metric }),
  } as Parameters<typeof listBaselines>[1];
}

/** The baseline columns shared by `list` (with the fingerprint first) and `show`. */
function baselineCells(b: BaselineRow): string[] {
  return [
    b.metric,
    `${b.windowDays} d`,
    formatCount(b.runCount),
    metricValue(b.metric, b.p50),
    metricValue(b.metric, b.p95),
    metricValue(b.metric, b.p99),
  ];
}

const BASELINE_COLUMNS = [
  { header: 'METRIC' },
  { header: 'WINDOW' },
  { header: 'RUNS', align: 'right' },
  { header: 'P50', align: 'right' },
  { header: 'P95', align: 'right' },
  { header: 'P99', align: 'right' },
] as const;

/** The table of `baselines list`: one row per fingerprint and metric, the fingerprint to `show` first. */
export function renderBaselineList(items: readonly BaselineRow[], width: number): string {
  if (items.length === 0) return 'No baselines match (analyze stores them for shapes with 20 runs or more).';
  return renderTextTable(
    [{ header: 'FINGERPRINT' }, ...BASELINE_COLUMNS],
    items.map((b) => [b.fingerprint, ...baselineCells(b)]),
    width,
  );
}

/** `baselines show`: the shape's SQL, its baselines, its runs per day and where it changed. */
export function renderFingerprintDetail(f: FingerprintDetail, width: number): string {
  const lines = [
    `Fingerprint ${f.fingerprint} on cluster ${f.cluster}`,
    ...(f.firstSeenAt === null && f.lastSeenAt === null
      ? []
      : [`  seen  ${formatTime(f.firstSeenAt)} to ${formatTime(f.lastSeenAt)}`]),
    '',
    'Normalized SQL:',
    ...(f.normalizedSql ?? '(no run of it kept its SQL text)').split('\n').map((l) => `  ${l}`),
    '',
  ];
  if (f.baselines.length === 0)
    lines.push('No baseline (analyze stores one once it has 20 runs in a window).');
  else
    lines.push(
      'Baselines:',
      renderTextTable(BASELINE_COLUMNS, f.baselines.map(baselineCells), width),
      ...[
        ...new Set(
          f.baselines.map(
            (b) => `  ${b.windowDays} d window: ${formatTime(b.windowStart)} to ${formatTime(b.windowEnd)}`,
          ),
        ),
      ],
    );
  lines.push('', `Runs per day, ${f.from.slice(0, 10)} to ${f.to.slice(0, 10)} (UTC):`);
  if (f.days.length === 0) lines.push('  none');
  else
    lines.push(
      renderTextTable(
        [
          { header: 'DAY' },
          { header: 'RUNS', align: 'right' },
          { header: 'FAILED', align: 'right' },
          { header: 'P50', align: 'right' },
          { header: 'P95', align: 'right' },
        ],
        f.days.map((d) => [
          d.day,
          formatCount(d.runs),
          formatCount(d.failed),
          formatMs(d.p50Ms),
          formatMs(d.p95Ms),
        ]),
        width,
      ),
    );
  lines.push('');
  if (f.changePoints.length === 0) lines.push('No change point (the regression detector found no shift).');
  else
    lines.push(
      'Change points:',
      renderTextTable(
        [
          { header: 'AT' },
          { header: 'BEFORE', align: 'right' },
          { header: 'AFTER', align: 'right' },
          { header: 'STATUS' },
          { header: 'FINDING' },
        ],
        f.changePoints.map((c) => [
          formatTime(c.at),
          formatMs(c.beforeMs),
          formatMs(c.afterMs),
          c.status,
          c.findingId,
        ]),
        width,
      ),
    );
  return lines.join('\n');
}

function registerList(parent: Command, context: CliContext): void {
  parent
    .command('list')
    .description('stored baselines per fingerprint and metric: runs, p50, p95, p99')
    .option('--cluster <name>', 'the cluster (default: the only one)')
    .option('--window-days <n>', 'the window length the baselines were computed over', '30')
    .option('--metric <metric>', `only this metric: ${baselineOutput.shape.metric.options.join(', ')}`)
    .option('--limit <n>', 'most baselines shown', '50')
    .addOption(formatOption())
    .action(async (flags: ListFlags) => {
      const page = await withServices(context, { command: 'baselines list' }, (deps) =>
        listBaselines(deps, baselineListOptions(flags)),
      );
      if (flags.format === 'json') return context.print(stringifyWire(page, 2));
      const more =
        page.nextCursor === null ? '' : `\n(more: raise --limit, or use --format json and its cursor)`;
      context.print(`${renderBaselineList(page.items, terminalWidth(context.io))}${more}`);
    });
}

/**
 * The service names its `fingerprint` field, which the CLI would print as a `--fingerprint` option; here
 * it is the argument, and the message already names it.
 */
function asArgumentError(error: unknown): unknown {
  if (!(error instanceof NotFoundError) || error.field !== 'fingerprint') return error;
  return new NotFoundError(error.message, {
    entity: error.entity,
    id: error.id,
    cause: error,
    ...(error.hint === undefined ? {} : { hint: error.hint }),
  });
}

function registerShow(parent: Command, context: CliContext): void {
  parent
    .command('show')
    .description('one fingerprint: its normalized SQL, baselines, runs per day and change points')
    .argument('<fingerprint>', 'the full fingerprint (from `baselines list` or a finding)')
    .option('--cluster <name>', 'the cluster (default: the only one)')
    .option('--days <n>', 'days of runs shown, ending at its newest run', '30')
    .addOption(formatOption())
    .action(async (fingerprint: string, flags: ShowFlags) => {
      const detail = await withServices(context, { command: 'baselines show' }, (deps) =>
        getFingerprint(deps, {
          fingerprint,
          ...(flags.cluster === undefined ? {} : { cluster: flags.cluster }),
          ...(flags.days === undefined ? {} : { days: flags.days }),
        }),
      ).catch((error: unknown) => {
        throw asArgumentError(error);
      });
      context.print(
        flags.format === 'json'
          ? stringifyWire(detail, 2)
          : renderFingerprintDetail(detail, terminalWidth(context.io)),
      );
    });
}

export const baselinesCommand: CliCommand = {
  name: 'baselines',
  register(program, context) {
    const parent = program
      .command('baselines')
      .description('the per-fingerprint baselines analyze stores: list them, show one query shape');
    registerList(parent, context);
    registerShow(parent, context);
  },
};
