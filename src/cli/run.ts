import { runAlertDispatcher } from '../alerts/index.js';
import { dremioOptionsFromConfig } from '../app/options-from-config.js';
import { type PipelineOutput, runPipeline } from '../app/pipeline.js';
import { parseServiceInput } from '../app/service.js';
import { ConfigError } from '../errors.js';
import { parseInterval, runEvery } from '../schedule/index.js';
import type { CliCommand } from './command.js';
import { withServices } from './with-store.js';

interface RunCliOptions {
  readonly every: string;
  readonly profiles: string;
  readonly cluster?: string;
}

export const runCommand: CliCommand = {
  name: 'run',
  register(program, context) {
    program
      .command('run')
      .description(
        'collect, analyze, recommend and measure on a schedule until stopped (SIGINT/SIGTERM finish the current cycle)',
      )
      .requiredOption('--every <interval>', 'time between cycle starts, e.g. 15m, 1h')
      .option('--profiles <n>', 'most profiles fetched per cycle', '200')
      .option(
        '--cluster <name>',
        'name of the cluster in the store (default: the Dremio host or Cloud project)',
      )
      .action(async (options: RunCliOptions) => {
        const intervalMs = parseInterval(options.every);
        if (intervalMs === undefined) {
          throw new ConfigError('--every is not an interval', {
            problems: [
              {
                key: '--every',
                value: options.every,
                expected: 'a number and a unit, e.g. 30s, 15m, 1h, 1d',
              },
            ],
          });
        }
        const input = {
          profiles: options.profiles,
          ...(options.cluster === undefined ? {} : { cluster: options.cluster }),
        };
        // Bad options and a missing Dremio fail now, not at the first cycle.
        parseServiceInput(runPipeline.serviceName, runPipeline.input, input);
        const logger = context.logger();
        dremioOptionsFromConfig(context.config(), logger);
        await withServices(context, { command: 'run', stopIsTheNormalEnd: true }, async (deps) => {
          const signal = deps.signal ?? new AbortController().signal;
          // Retries what a cycle could not deliver before it ended (docs/alerts.md).
          const dispatching = runAlertDispatcher(deps, signal);
          await runEvery({
            intervalMs,
            signal: deps.signal ?? new AbortController().signal,
            onError: (error, index) =>
              logger.error({ cycle: index, err: error }, 'cycle failed; the schedule goes on'),
            cycle: async (index) => {
              const at = new Date();
              const output = await runPipeline(deps, { ...input, at: at.toISOString() });
              if (output.stoppedEarly) return;
              context.print(`${at.toISOString()} cycle ${index + 1}: ${cycleLine(output)}`);
            },
          });
          await dispatching;
        });
      });
  },
};

function cycleLine(o: PipelineOutput): string {
  const c = o.collect;
  const serious = o.analysis === null ? 0 : o.analysis.bySeverity.high + o.analysis.bySeverity.critical;
  return `${c.history?.inserted ?? 0} new jobs, ${c.profiles?.fetched ?? 0} profiles (${c.status}); ${o.analysis?.findings ?? 0} findings, ${serious} high or critical; ${o.recommendations?.count ?? 0} recommendations; ${o.measure?.measured ?? 0} changes measured, ${o.measure?.verified ?? 0} verified, ${o.measure?.regressed ?? 0} regressed`;
}
