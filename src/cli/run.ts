import { runAlertDispatcher } from '../alerts/index.js';
import { configuredClusters } from '../app/configured-clusters.js';
import { refreshStoreGauges } from '../app/metrics-hooks.js';
import { dremioOptionsOfCluster } from '../app/options-from-config.js';
import { runPipeline } from '../app/pipeline.js';
import { parseServiceInput } from '../app/service.js';
import { newLeaseHolder } from '../app/with-lease.js';
import { ConfigError, InvalidInputError } from '../errors.js';
import { createMetrics } from '../observe/metrics.js';
import { type MetricsServer, startMetricsServer } from '../observe/metrics-server.js';
import { parseInterval, runPipelineSchedule, scheduledClusters } from '../schedule/index.js';
import type { CliCommand } from './command.js';
import { cycleLine } from './cycle-line.js';
import { announceStop } from './signals.js';
import { withServices } from './with-store.js';

interface RunCliOptions {
  readonly every: string;
  readonly profiles: string;
  readonly cluster?: string;
  readonly metricsPort?: string;
  readonly metricsHost: string;
}

export const runCommand: CliCommand = {
  name: 'run',
  register(program, context) {
    program
      .command('run')
      .description(
        'collect, analyze, recommend and measure each cluster on a schedule until stopped; one cycle per cluster at a time, even across processes sharing the store (a lease). The first SIGINT/SIGTERM lets the current cycle finish, then exits 0; a second stops the cycle at its next safe point',
      )
      .requiredOption(
        '--every <interval>',
        'time between cycle starts, e.g. 15m, 1h (a configured cluster with its own `schedule` keeps that)',
      )
      .option('--profiles <n>', 'most profiles fetched per cycle', '200')
      .option(
        '--cluster <name>',
        'run only this configured cluster (without a `clusters` list: the name of the Dremio in the store; default its host or Cloud project)',
      )
      .option('--metrics-port <n>', 'serve Prometheus metrics at http://HOST:N/metrics while running')
      .option('--metrics-host <address>', 'address the metrics server listens on', '127.0.0.1')
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
        const clusters = configuredClusters(context.config(), options.cluster);
        for (const cluster of clusters) dremioOptionsOfCluster(cluster, logger);
        const metricsPort = portOption(options.metricsPort);
        const metrics = metricsPort === undefined ? undefined : createMetrics();
        await withServices(
          context,
          {
            command: 'run',
            stopIsTheNormalEnd: true,
            finishCurrentWork: true,
            ...(metrics ? { metrics } : {}),
          },
          async (deps, stop) => {
            let server: MetricsServer | undefined;
            if (metrics !== undefined && metricsPort !== undefined) {
              server = await startMetricsServer({
                metrics,
                host: options.metricsHost,
                port: metricsPort,
                beforeScrape: () => refreshStoreGauges(deps),
              });
              context.print(`Metrics at ${server.url}/metrics`);
            }
            announceStop(stop, logger);
            // Retries what a cycle could not deliver before it ended (docs/alerts.md).
            const alerts = new AbortController();
            stop.addEventListener('abort', () => alerts.abort(), { once: true });
            const dispatching = runAlertDispatcher(deps, alerts.signal);
            try {
              await runPipelineSchedule(deps, {
                clusters: scheduledClusters(clusters, intervalMs),
                stop,
                holder: newLeaseHolder('run'),
                profiles: options.profiles,
                onCycle: (event) => {
                  if (event.kind === 'failed')
                    logger.error(
                      { cluster: event.cluster, cycle: event.index, err: event.error },
                      'cycle failed; the schedule goes on',
                    );
                  const line = cycleLine(event);
                  if (line !== undefined) context.print(line);
                },
              });
            } finally {
              alerts.abort();
              await dispatching;
              await server?.close();
            }
          },
        );
      });
  },
};

function portOption(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new InvalidInputError(`--metrics-port ${text} is not a port number`, {
      problems: [{ field: 'metricsPort', value: text, expected: 'a whole number from 0 to 65535' }],
    });
  }
  return port;
}
