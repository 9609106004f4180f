import type { Command } from 'commander';
import type { z } from 'zod';
import {
  type collectionRunDetailOutput,
  type collectionRunOutput,
  getCollectionRun,
  listCollectionRuns,
} from '../app/collection-runs.js';
import { stringifyWire } from '../app/wire-json.js';
import { renderTextTable, wrapText } from '../format/text-table.js';
import { formatCount, formatMs, formatTime } from '../web/format.js';
import type { CliCommand } from './command.js';
import type { CliContext } from './context.js';
import { formatOption, type OutputFormat } from './format-option.js';
import { terminalWidth } from './terminal-width.js';
import { withServices } from './with-store.js';

type RunRow = z.input<typeof collectionRunOutput>;
type RunDetail = z.input<typeof collectionRunDetailOutput>;

/** How long a run took, or that it has not ended. */
function took(r: RunRow): string {
  if (r.endedAt === null) return 'not ended';
  return formatMs(Date.parse(r.endedAt) - Date.parse(r.startedAt));
}

/** What counts for timing rather than for what was stored: shown as times, never as counts. */
const TIMING_KEYS = new Set(['stageMs', 'durationMs']);

/**
 * A run's counts in one line: `history inserted 1,204 · profiles fetched 40`. Counts are whatever each
 * stage recorded, so nested numbers are named by their path and everything else is left to the JSON.
 */
export function describeCounts(counts: unknown): string {
  const parts: string[] = [];
  const walk = (value: unknown, path: string) => {
    if (typeof value === 'number') parts.push(`${path} ${formatCount(value)}`);
    else if (value !== null && typeof value === 'object' && !Array.isArray(value))
      for (const [k, v] of Object.entries(value))
        if (path !== '' || !TIMING_KEYS.has(k)) walk(v, path === '' ? k : `${path} ${k}`);
  };
  walk(counts, '');
  return parts.length === 0 ? '—' : parts.join(' · ');
}

/** The number a reader looks for in each stage of a collection, and what to call it. */
const HEADLINES: Readonly<Record<string, readonly (readonly [key: string, label: string])[]>> = {
  history: [
    ['inserted', 'new jobs'],
    ['updated', 'updated'],
  ],
  profiles: [['fetched', 'profiles']],
  reflections: [['reflections', 'reflections']],
  datasets: [['datasets', 'datasets']],
  changes: [['detected', 'changes']],
};

/**
 * A run's counts at a glance for the list: the headline number of each stage (`1,204 new jobs ·
 * 40 profiles`), and an import's flat counts as they are; `runs show` and the JSON have the rest.
 */
export function summarizeCounts(counts: unknown): string {
  if (counts === null || typeof counts !== 'object') return '—';
  const parts: string[] = [];
  for (const [key, value] of Object.entries(counts)) {
    if (TIMING_KEYS.has(key) || typeof value !== 'number') continue;
    if (value !== 0 || !['problems', 'warnings', 'errors'].includes(key))
      parts.push(`${formatCount(value)} ${key}`);
  }
  // Stages in the order they run; only history says so when it found nothing new.
  for (const [stage, headline] of Object.entries(HEADLINES)) {
    const value = (counts as Record<string, unknown>)[stage];
    if (value === null || typeof value !== 'object') continue;
    for (const [field, label] of headline) {
      const n = (value as Record<string, unknown>)[field];
      if (typeof n === 'number' && (n !== 0 || (stage === 'history' && field === 'inserted')))
        parts.push(`${formatCount(n)} ${label}`);
    }
  }
  return parts.length === 0 ? describeCounts(counts) : parts.join(' · ');
}

/** Each stage's counts on lines of their own, with the time the stage took when it was recorded. */
function stageLines(counts: unknown, width: number): string[] {
  if (counts === null || typeof counts !== 'object') return ['  stored      —'];
  const stageMs = (counts as { stageMs?: Record<string, number> }).stageMs ?? {};
  const labelled = (label: string, text: string) =>
    wrapText(text, Math.max(20, width - 14)).map(
      (line, i) => `  ${(i === 0 ? label : '').padEnd(12)}${line}`,
    );
  const lines: string[] = [];
  const flat = Object.entries(counts).filter(([k, v]) => typeof v === 'number' && !TIMING_KEYS.has(k));
  if (flat.length > 0) lines.push(...labelled('stored', describeCounts(Object.fromEntries(flat))));
  for (const [stage, value] of Object.entries(counts)) {
    if (TIMING_KEYS.has(stage) || value === null || typeof value !== 'object' || Array.isArray(value))
      continue;
    const text = describeCounts(value);
    if (text === '—') continue;
    const ms = stageMs[stage];
    lines.push(...labelled(stage, `${text}${typeof ms === 'number' ? ` (in ${formatMs(ms)})` : ''}`));
  }
  return lines.length === 0 ? ['  stored      —'] : lines;
}

/**
 * A run's options as a reader wants them: scalars as they are, a list as its length, tallied by its
 * entries' `reason` where they have one (a profile plan of 400 jobs is not read job by job).
 */
export function describeOptions(options: unknown): string {
  if (options === null || typeof options !== 'object') return '—';
  const parts = Object.entries(options).map(([key, value]) => {
    if (!Array.isArray(value)) return `${key} ${typeof value === 'string' ? value : JSON.stringify(value)}`;
    if (value.every((v) => typeof v === 'string')) return `${key} ${value.join(', ')}`;
    const reasons = new Map<string, number>();
    for (const v of value) {
      const reason = (v as { reason?: unknown } | null)?.reason;
      if (typeof reason === 'string') reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
    const tally = [...reasons].map(([r, n]) => `${formatCount(n)} ${r}`).join(', ');
    return `${key} ${formatCount(value.length)} entries${tally === '' ? '' : ` (${tally})`}`;
  });
  return parts.length === 0 ? '—' : parts.join(' · ');
}

export function renderRunList(items: readonly RunRow[], width: number): string {
  if (items.length === 0) return 'No collection or import runs stored.';
  return renderTextTable(
    [
      { header: 'ID', align: 'right' },
      { header: 'CLUSTER' },
      { header: 'KIND' },
      { header: 'STATUS' },
      { header: 'STARTED' },
      { header: 'TOOK', align: 'right' },
      { header: 'ERRORS', align: 'right' },
      { header: 'STORED', wrap: true },
    ],
    items.map((r) => [
      String(r.id),
      r.cluster,
      r.kind,
      r.status,
      formatTime(r.startedAt),
      took(r),
      formatCount(r.errorCount),
      summarizeCounts(r.counts) + (r.error === null ? '' : ` — ${r.error}`),
    ]),
    width,
  );
}

export function renderRunDetail(r: RunDetail, width: number): string {
  const lines = [
    `Run ${r.id}: ${r.kind} on ${r.cluster}, ${r.status}`,
    '',
    `  started     ${formatTime(r.startedAt)}`,
    `  ended       ${r.endedAt === null ? 'not ended' : `${formatTime(r.endedAt)} (took ${took(r)})`}`,
    ...stageLines(r.counts, width),
    ...(r.error === null ? [] : [`  error       ${r.error}`]),
    ...wrapText(describeOptions(r.options), Math.max(20, width - 14)).map(
      (line, i) => `  ${(i === 0 ? 'options' : '').padEnd(12)}${line}`,
    ),
    '',
  ];
  if (r.errors.length === 0) lines.push('Every item was collected.');
  else {
    lines.push(`Items it could not collect (${formatCount(r.errors.length)}):`);
    lines.push(
      renderTextTable(
        [{ header: 'STAGE' }, { header: 'ITEM' }, { header: 'ERROR AND WHAT TO DO', wrap: true }],
        r.errors.map((e) => [e.stage, e.item, e.hint === null ? e.message : `${e.message} (${e.hint})`]),
        width,
      ),
    );
  }
  return lines.join('\n');
}

function registerList(parent: Command, context: CliContext): void {
  parent
    .command('list')
    .description('collection and import runs, newest first, with what each stored and could not collect')
    .option('--cluster <name>', 'only this cluster')
    .option('--limit <n>', 'most runs shown', '20')
    .addOption(formatOption())
    .action(async (flags: { cluster?: string; limit: string; format: OutputFormat }) => {
      const page = await withServices(context, { command: 'runs list' }, (deps) =>
        listCollectionRuns(deps, {
          limit: flags.limit,
          ...(flags.cluster === undefined ? {} : { cluster: flags.cluster }),
        } as Parameters<typeof listCollectionRuns>[1]),
      );
      context.print(
        flags.format === 'json'
          ? stringifyWire(page, 2)
          : renderRunList(page.items, terminalWidth(context.io)),
      );
    });
}

function registerShow(parent: Command, context: CliContext): void {
  parent
    .command('show')
    .description('one run in full, with every item it could not collect and what to do about it')
    .argument('<id>', 'run id (from `runs list`)')
    .addOption(formatOption())
    .action(async (id: string, flags: { format: OutputFormat }) => {
      const run = await withServices(context, { command: 'runs show' }, (deps) =>
        getCollectionRun(deps, { id }),
      );
      context.print(
        flags.format === 'json' ? stringifyWire(run, 2) : renderRunDetail(run, terminalWidth(context.io)),
      );
    });
}

export const runsCommand: CliCommand = {
  name: 'runs',
  register(program, context) {
    const parent = program
      .command('runs')
      .description('collection and import runs: what each stored, and the items it could not collect');
    registerList(parent, context);
    registerShow(parent, context);
  },
};
