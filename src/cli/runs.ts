import type { Command } from 'commander';
import type { z } from 'zod';
import {
  type collectionRunDetailOutput,
  type collectionRunOutput,
  getCollectionRun,
  listCollectionRuns,
} from '../app/collection-runs.js';
import { stringifyWire } from '../app/wire-json.js';
import { renderTextTable } from '../format/text-table.js';
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

/**
 * A run's counts in one line: `history inserted 1,204 · profiles fetched 40`. Counts are whatever each
 * stage recorded, so nested numbers are named by their path and everything else is left to the JSON.
 */
export function describeCounts(counts: unknown): string {
  const parts: string[] = [];
  const walk = (value: unknown, path: string) => {
    if (typeof value === 'number') parts.push(`${path} ${formatCount(value)}`);
    else if (value !== null && typeof value === 'object' && !Array.isArray(value))
      for (const [k, v] of Object.entries(value)) walk(v, path === '' ? k : `${path} ${k}`);
  };
  walk(counts, '');
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
      describeCounts(r.counts) + (r.error === null ? '' : ` — ${r.error}`),
    ]),
    width,
  );
}

export function renderRunDetail(r: RunDetail, width: number): string {
  const lines = [
    `Run ${r.id}: ${r.kind} on ${r.cluster}, ${r.status}`,
    '',
    `  started   ${formatTime(r.startedAt)}`,
    `  ended     ${r.endedAt === null ? 'not ended' : `${formatTime(r.endedAt)} (took ${took(r)})`}`,
    `  stored    ${describeCounts(r.counts)}`,
    ...(r.error === null ? [] : [`  error     ${r.error}`]),
    `  options   ${JSON.stringify(r.options)}`,
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
