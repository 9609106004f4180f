import { Option } from 'commander';
import { startApi } from '../api/start-api.js';
import { configuredClusters } from '../app/configured-clusters.js';
import { dremioOptionsOfCluster } from '../app/options-from-config.js';
import { runPipeline } from '../app/pipeline.js';
import { parseServiceInput } from '../app/service.js';
import { ConfigError, InvalidInputError } from '../errors.js';
import { parseInterval } from '../schedule/index.js';
import type { CliCommand } from './command.js';
import { cycleLine } from './cycle-line.js';
import { abortOnSignals, announceStop, stopThenAbortOnSignals } from './signals.js';
import { VERSION } from './version.js';

interface ServeCliOptions {
  readonly host: string;
  readonly port: string;
  readonly mcpAllowWrites: boolean;
  readonly schedule?: string;
  readonly profiles: string;
}

export const serveCommand: CliCommand = {
  name: 'serve',
  register(program, context) {
    program
      .command('serve')
      .description(
        'serve the dashboard at / and the REST API (OpenAPI at /openapi.json, docs at /docs) on the configured store until stopped; with --schedule, also run the pipeline on each configured cluster (one cycle per cluster at a time across processes; /health shows the last successful cycle). The first SIGINT/SIGTERM lets a cycle under way finish, a second stops it',
      )
      .addOption(new Option('--host <address>', 'address to listen on').default('127.0.0.1'))
      .addOption(new Option('--port <number>', 'port to listen on (0: any free port)').default('8000'))
      .addOption(
        new Option(
          '--mcp-allow-writes',
          'let /mcp offer accept_recommendation (keys with write) and apply_recommendation (keys with apply)',
        ).default(false),
      )
      .addOption(
        new Option(
          '--schedule <interval>',
          'also collect, analyze, recommend and measure at this rate, e.g. 15m (as `run --every`); configured clusters with their own `schedule` run on it, with or without this option',
        ),
      )
      .addOption(
        new Option('--profiles <n>', 'with --schedule: most profiles fetched per cycle').default('200'),
      )
      .action(async (options: ServeCliOptions) => {
        const port = Number(options.port);
        if (!Number.isInteger(port) || port < 0 || port > 65_535) {
          throw new InvalidInputError(`port ${options.port} is not a port number`, {
            problems: [{ field: 'port', value: options.port, expected: 'a whole number from 0 to 65535' }],
          });
        }
        const defaultIntervalMs =
          options.schedule === undefined ? undefined : scheduleInterval(options.schedule);
        // Clusters configured with their own `schedule` run on it, --schedule or not.
        const clusters = configuredClusters(context.config()).filter(
          (c) => defaultIntervalMs !== undefined || c.schedule !== undefined,
        );
        const scheduling = clusters.length > 0;
        if (scheduling) {
          // Bad options and a missing Dremio fail now, not at the first cycle.
          parseServiceInput(runPipeline.serviceName, runPipeline.input, { profiles: options.profiles });
          for (const cluster of clusters) dremioOptionsOfCluster(cluster, context.logger());
        }
        const signals = !scheduling
          ? sameSignal(abortOnSignals({ stopIsTheNormalEnd: true }))
          : stopThenAbortOnSignals();
        if (scheduling) announceStop(signals.stop, context.logger());
        try {
          const api = await startApi({
            config: context.config(),
            logger: context.logger(),
            host: options.host,
            port,
            cwd: context.io.cwd,
            version: VERSION,
            mcpAllowWrites: options.mcpAllowWrites,
            ...(!scheduling
              ? {}
              : {
                  schedule: {
                    intervalMs: defaultIntervalMs,
                    profiles: options.profiles,
                    abort: signals.abort,
                    onCycle: (event) => {
                      const line = cycleLine(event);
                      if (line !== undefined) context.print(line);
                    },
                  },
                }),
          });
          context.print(
            `Dashboard and API at ${api.url} (open it in a browser; API docs at ${api.url}/docs, MCP at ${api.url}/mcp); stop with Ctrl-C`,
          );
          await new Promise<void>((done) => {
            if (signals.stop.aborted) done();
            else signals.stop.addEventListener('abort', () => done(), { once: true });
          });
          await api.close();
        } finally {
          signals.dispose();
        }
      });
  },
};

function scheduleInterval(text: string): number {
  const ms = parseInterval(text);
  if (ms !== undefined) return ms;
  throw new ConfigError('--schedule is not an interval', {
    problems: [{ key: '--schedule', value: text, expected: 'a number and a unit, e.g. 30s, 15m, 1h, 1d' }],
  });
}

function sameSignal(one: { readonly signal: AbortSignal; dispose(): void }) {
  return { stop: one.signal, abort: one.signal, dispose: () => one.dispose() };
}
