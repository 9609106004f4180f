import type { Command } from 'commander';
import { Option } from 'commander';
import type { z } from 'zod';
import { type alertOutput, listAlerts, testAlertChannel } from '../app/alerts.js';
import { stringifyWire } from '../app/wire-json.js';
import type { CliCommand } from './command.js';
import type { CliContext } from './context.js';
import { EXIT } from './exit-codes.js';
import { formatOption, type OutputFormat } from './format-option.js';
import { withServices } from './with-store.js';

function registerTest(parent: Command, context: CliContext, setExitCode: (code: number) => void): void {
  parent
    .command('test')
    .description('send a sample alert to CHANNEL (webhook, slack or a configured name); exit 4 if it fails')
    .argument('<channel>', 'the channel name')
    .action(async (channel: string) => {
      const result = await withServices(context, { command: 'alerts test' }, (deps) =>
        testAlertChannel(deps, { channel }),
      );
      if (result.ok) {
        context.print(`sample alert sent to ${result.channel} (HTTP ${result.httpStatus})`);
        return;
      }
      context.io.stderr.write(`error: the sample alert was not delivered: ${result.error}\n`);
      setExitCode(EXIT.dremio);
    });
}

function registerList(parent: Command, context: CliContext): void {
  parent
    .command('list')
    .description('alerts of the outbox, newest first, with their delivery state')
    .addOption(
      new Option('--status <status>', 'only alerts in this state').choices(['pending', 'sent', 'failed']),
    )
    .option('--limit <n>', 'most alerts listed', '100')
    .addOption(formatOption())
    .action(
      async (input: { status?: 'pending' | 'sent' | 'failed'; limit: string; format: OutputFormat }) => {
        const out = await withServices(context, { command: 'alerts list' }, (deps) =>
          listAlerts(deps, {
            limit: input.limit,
            ...(input.status === undefined ? {} : { status: input.status }),
          }),
        );
        context.print(input.format === 'json' ? stringifyWire(out, 2) : alertsTable(out.items));
      },
    );
}

function alertsTable(items: readonly z.input<typeof alertOutput>[]): string {
  if (items.length === 0) return 'no alerts';
  return items
    .map((a) => {
      const state =
        a.status === 'sent'
          ? `sent ${a.sentAt}`
          : a.status === 'pending'
            ? `pending (${a.attempts} attempts, next ${a.nextAttemptAt})`
            : `failed after ${a.attempts} attempts: ${a.lastError ?? ''}`;
      return `${a.id}\t${a.channel}\t${a.event}\t${a.cluster ?? '-'}\t${a.title}\t${state}`;
    })
    .join('\n');
}

export const alertsCommand: CliCommand = {
  name: 'alerts',
  register(program, context, setExitCode) {
    const parent = program.command('alerts').description('send a test alert, list the alert outbox');
    registerTest(parent, context, setExitCode);
    registerList(parent, context);
  },
};
