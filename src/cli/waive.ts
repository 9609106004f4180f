import type { z } from 'zod';
import { waive, type waiveInput, type waiverOutput } from '../app/waive.js';
import { stringifyWire } from '../app/wire-json.js';
import type { CliCommand } from './command.js';
import { formatOption, type OutputFormat } from './format-option.js';
import { parseUntil } from './time-argument.js';
import { withStore } from './with-store.js';

export interface WaiveCliInput {
  readonly reason: string;
  readonly until?: Date;
  readonly cluster?: string;
  readonly dryRun: boolean;
  readonly format: OutputFormat;
}

/** The pure step between parsing and the handler. */
export function planWaive(target: string, input: WaiveCliInput): z.input<typeof waiveInput> {
  return {
    target,
    reason: input.reason,
    ...(input.until === undefined ? {} : { until: input.until.toISOString() }),
    ...(input.cluster === undefined ? {} : { cluster: input.cluster }),
    dryRun: input.dryRun,
  };
}

export const waiveCommand: CliCommand = {
  name: 'waive',
  register(program, context) {
    program
      .command('waive')
      .description('stop reporting a finding (by id) or every finding matching DETECTOR:PATTERN')
      .argument('<target>', 'a finding id from analyze, or DETECTOR:PATTERN, e.g. small-files:lake.raw.*')
      .requiredOption('--reason <text>', 'why the finding is accepted (kept with the waiver)')
      .option('--until <date>', 'the waiver lapses after this date (UTC) or time; default never', parseUntil)
      .option('--cluster <name>', 'waive in this cluster only; default every cluster')
      .option('--dry-run', 'check the target and print the waiver without storing it', false)
      .addOption(formatOption())
      .action(async (target: string, options: WaiveCliInput) => {
        const waiver = await withStore(context, { command: 'waive' }, (store) =>
          waive({ store, config: context.config(), logger: context.logger() }, planWaive(target, options)),
        );
        context.print(
          options.format === 'json' ? stringifyWire(waiver, 2) : waiveText(waiver, options.dryRun),
        );
      });
  },
};

function waiveText(w: z.input<typeof waiverOutput>, dryRun: boolean): string {
  const what = w.findingId ?? `${w.detector}:${w.pattern}`;
  const scope = w.allClusters ? 'every cluster' : 'this cluster';
  const until = w.until === null ? 'until revoked' : `until ${w.until}`;
  return `${dryRun ? 'would waive' : `waiver ${w.id}: waived`} ${what} in ${scope}, ${until}: ${w.reason}`;
}
