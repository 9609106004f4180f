import type { Command } from 'commander';
import type { z } from 'zod';
import { revokeWaiverService } from '../app/waiver-revoke.js';
import { listWaivers, type waiverOutput } from '../app/waivers.js';
import { stringifyWire } from '../app/wire-json.js';
import { renderTextTable } from '../format/text-table.js';
import { formatTime } from '../web/format.js';
import type { CliCommand } from './command.js';
import type { CliContext } from './context.js';
import { formatOption, type OutputFormat } from './format-option.js';
import { terminalWidth } from './terminal-width.js';
import { withServices } from './with-store.js';

type WaiverRow = z.input<typeof waiverOutput>;

function state(w: WaiverRow): string {
  if (w.revokedAt !== null) return 'revoked';
  return w.active ? 'active' : 'expired';
}

export function renderWaiverList(items: readonly WaiverRow[], width: number): string {
  if (items.length === 0) return 'No waivers. `dremio-optimizer waive ID --reason TEXT` adds one.';
  return renderTextTable(
    [
      { header: 'ID', align: 'right' },
      { header: 'STATE' },
      { header: 'CLUSTER' },
      { header: 'UNTIL' },
      { header: 'WAIVES, WHY AND BY WHOM', wrap: true },
    ],
    items.map((w) => [
      String(w.id),
      state(w),
      w.cluster ?? 'every',
      w.until === null ? 'never' : formatTime(w.until),
      `${w.findingId ?? `${w.detector}:${w.pattern}`} — ${w.reason}${w.createdBy === null ? '' : ` (${w.createdBy}, ${formatTime(w.createdAt)})`}${w.revokedAt === null ? '' : `; revoked ${formatTime(w.revokedAt)}${w.revokedBy === null ? '' : ` by ${w.revokedBy}`}: ${w.revokeReason ?? ''}`}`,
    ]),
    width,
  );
}

function registerList(parent: Command, context: CliContext): void {
  parent
    .command('list')
    .description('every waiver, newest first: what it waives, why, until when, and whether it was revoked')
    .option('--cluster <name>', "this cluster's waivers and the global ones")
    .option('--limit <n>', 'most waivers shown', '100')
    .addOption(formatOption())
    .action(async (flags: { cluster?: string; limit: string; format: OutputFormat }) => {
      const page = await withServices(context, { command: 'waivers list' }, (deps) =>
        listWaivers(deps, {
          limit: flags.limit,
          ...(flags.cluster === undefined ? {} : { cluster: flags.cluster }),
        } as Parameters<typeof listWaivers>[1]),
      );
      context.print(
        flags.format === 'json'
          ? stringifyWire(page, 2)
          : renderWaiverList(page.items, terminalWidth(context.io)),
      );
    });
}

function registerRevoke(parent: Command, context: CliContext): void {
  parent
    .command('revoke')
    .description('revoke a waiver: what it hid is reported again; the waiver is kept with the reason')
    .argument('<id>', 'waiver id (from `waivers list`)')
    .requiredOption('--reason <text>', 'why it no longer applies (kept with the waiver)')
    .addOption(formatOption())
    .action(async (id: string, flags: { reason: string; format: OutputFormat }) => {
      const waiver = await withServices(context, { command: 'waivers revoke' }, (deps) =>
        revokeWaiverService(deps, { id, reason: flags.reason }),
      );
      context.print(
        flags.format === 'json'
          ? stringifyWire(waiver, 2)
          : `waiver ${waiver.id} revoked: ${waiver.findingId ?? `${waiver.detector}:${waiver.pattern}`} is reported again from the next read and analysis`,
      );
    });
}

export const waiversCommand: CliCommand = {
  name: 'waivers',
  register(program, context) {
    const parent = program.command('waivers').description('the waivers: list them, revoke one');
    registerList(parent, context);
    registerRevoke(parent, context);
  },
};
