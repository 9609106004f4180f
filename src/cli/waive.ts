import { type WaiveOptions, type WaiveResult, waiveFindings } from '../analysis/analysis-service.js';
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
export function planWaive(target: string, input: WaiveCliInput): WaiveOptions {
  return {
    target,
    reason: input.reason,
    ...(input.until === undefined ? {} : { until: input.until }),
    ...(input.cluster === undefined ? {} : { clusterName: input.cluster }),
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
        const result = await withStore(context, { command: 'waive' }, (store) =>
          waiveFindings(store, planWaive(target, options)),
        );
        context.print(options.format === 'json' ? waiveJson(result) : waiveText(result, options.dryRun));
      });
  },
};

function waiveText(result: WaiveResult, dryRun: boolean): string {
  const w = result.waiver;
  const what = w.findingId ?? `${w.detector}:${w.pattern}`;
  const scope = w.clusterId === null ? 'every cluster' : 'this cluster';
  const until = w.until === null ? 'until revoked' : `until ${w.until.toISOString()}`;
  return `${dryRun ? 'would waive' : `waiver ${w.id}: waived`} ${what} in ${scope}, ${until}: ${w.reason}`;
}

function waiveJson(result: WaiveResult): string {
  const w = result.waiver;
  return JSON.stringify(
    {
      id: Number(w.id),
      findingId: w.findingId,
      detector: w.detector,
      pattern: w.pattern,
      reason: w.reason,
      until: w.until?.toISOString() ?? null,
      allClusters: w.clusterId === null,
    },
    null,
    2,
  );
}
