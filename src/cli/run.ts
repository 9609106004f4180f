import { analyzeWorkload } from '../analysis/analysis-service.js';
import { createDremioClient } from '../dremio/index.js';
import { ConfigError } from '../errors.js';
import { measureChanges } from '../measure/index.js';
import { recommendAndSave } from '../recommend/recommend-service.js';
import { parseInterval, runEvery } from '../schedule/index.js';
import { collect } from '../sources/collect-service.js';
import { type CollectCliOptions, parseCollectOptions } from './collect.js';
import type { CliCommand } from './command.js';
import { dremioOptionsFromConfig } from './dremio-from-config.js';
import { abortOnSignals } from './signals.js';
import { withStore } from './with-store.js';

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
        'collect, analyze and measure on a schedule until stopped (SIGINT/SIGTERM finish the current cycle)',
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
        const config = context.config();
        const collectOptions: CollectCliOptions = {
          profiles: options.profiles,
          dryRun: false,
          format: 'table',
          ...(options.cluster === undefined ? {} : { cluster: options.cluster }),
        };
        const settings = parseCollectOptions(collectOptions, config);
        const logger = context.logger();
        const client = createDremioClient(dremioOptionsFromConfig(config, logger));
        const stop = abortOnSignals({ stopIsTheNormalEnd: true });
        try {
          await withStore(context, { command: 'run' }, (store) =>
            runEvery({
              intervalMs,
              signal: stop.signal,
              onError: (error, index) =>
                logger.error({ cycle: index, err: error }, 'cycle failed; the schedule goes on'),
              cycle: async (index) => {
                const collected = await collect({ store, client, logger, signal: stop.signal }, settings);
                if (stop.signal.aborted) return;
                const report = await analyzeWorkload(store, {
                  clusterName: settings.clusterName,
                  detectorOverrides: config.detectors,
                  recommender: (input) => recommendAndSave(store, input),
                });
                const serious = report.findings.filter(
                  (f) => f.severity === 'high' || f.severity === 'critical',
                ).length;
                if (stop.signal.aborted) return;
                const measured = await measureChanges(store, {
                  clusterName: settings.clusterName,
                  measuredAt: new Date(),
                  signal: stop.signal,
                });
                const verified = measured.filter((m) => m.verdict === 'verified').length;
                const regressed = measured.filter((m) => m.verdict === 'regressed').length;
                context.print(
                  `${new Date().toISOString()} cycle ${index + 1}: ${collected.history?.inserted ?? 0} new jobs, ${collected.profiles?.fetched ?? 0} profiles (${collected.status}); ${report.findings.length} findings, ${serious} high or critical; ${measured.length} changes measured, ${verified} verified, ${regressed} regressed`,
                );
              },
            }),
          );
        } finally {
          stop.dispose();
          client.close();
        }
      });
  },
};
