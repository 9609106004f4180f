import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Option } from 'commander';
import { ConfigError } from '../errors.js';
import {
  FAULT_KINDS,
  type FaultKind,
  FLAVOR_SPECS,
  FLAVORS,
  isFaultKind,
  startSimulator,
} from '../simulator/index.js';
import type { CliCommand } from './command.js';

interface SimulateOptions {
  readonly host: string;
  readonly port: string;
  readonly flavor: (typeof FLAVORS)[number];
  readonly seed: string;
  readonly jobs: string;
  readonly days: string;
  readonly faults: string;
  readonly faultKinds?: string;
  readonly truth?: string;
  readonly user?: string;
  readonly password?: string;
  readonly token?: string;
  readonly projectId?: string;
}

export const simulateCommand: CliCommand = {
  name: 'simulate',
  register(program, context) {
    program
      .command('simulate')
      .description('run the built-in Dremio simulator (a seeded, labelled workload) until interrupted')
      .option('--host <host>', 'address to listen on', '127.0.0.1')
      .option('--port <port>', 'port to listen on (0 = any free port)', '9047')
      .addOption(
        new Option('--flavor <flavor>', 'Dremio to impersonate').choices(FLAVORS).default('software-25.1'),
      )
      .option('--seed <n>', 'seed of the world', '1')
      .option('--jobs <n>', 'historical jobs', '5000')
      .option('--days <n>', 'days of history', '14')
      .option('--faults <rate>', 'fraction of requests that fail (0..1)', '0')
      .option('--fault-kinds <list>', `comma-separated subset of ${FAULT_KINDS.join(',')}`)
      .option(
        '--truth <file>',
        'also write the ground truth JSON to this file (rewritten after every advance)',
      )
      .option('--user <name>', 'user name for /apiv2/login')
      .option('--password <pw>', 'password for /apiv2/login')
      .option('--token <pat>', 'personal access token')
      .option('--project-id <id>', 'Cloud project id')
      .action(async (options: SimulateOptions) => {
        const kinds = parseKinds(options.faultKinds);
        const truthFile = options.truth === undefined ? undefined : resolve(context.io.cwd, options.truth);
        const writeTruth = (truth: unknown): void => {
          if (truthFile !== undefined) writeFileSync(truthFile, JSON.stringify(truth, null, 2));
        };
        const sim = await startSimulator({
          host: options.host,
          port: number('--port', options.port),
          flavor: options.flavor,
          seed: number('--seed', options.seed),
          jobs: number('--jobs', options.jobs),
          days: number('--days', options.days),
          faults: number('--faults', options.faults),
          ...(kinds === undefined ? {} : { faultKinds: kinds }),
          ...(options.user === undefined ? {} : { userName: options.user }),
          ...(options.password === undefined ? {} : { password: options.password }),
          ...(options.token === undefined ? {} : { token: options.token }),
          ...(options.projectId === undefined ? {} : { projectId: options.projectId }),
          // The truth gains the advanced jobs and every change's effect: keep the file current.
          onAdvance: () => writeTruth(sim.truth),
        });
        writeTruth(sim.truth);
        const cloud = options.flavor === 'cloud';
        context.print(
          [
            `Dremio simulator (${options.flavor}, seed ${options.seed}, ${options.jobs} jobs) listening on ${sim.url}`,
            `  DREMIO_URL=${sim.url}`,
            cloud
              ? `  DREMIO_PROJECT_ID=${sim.credentials.projectId}`
              : `  DREMIO_USERNAME=${sim.credentials.userName}  DREMIO_PASSWORD=${sim.credentials.password}`,
            `  DREMIO_TOKEN=${sim.credentials.token}  (personal access token${cloud || FLAVOR_SPECS[options.flavor].enterprise ? '' : '; not accepted by the OSS flavors'})`,
            `  ground truth: ${sim.url}/__simulator/truth${truthFile === undefined ? '' : ` (also in ${truthFile}, rewritten on every advance)`}`,
            `  let days pass: curl -X POST ${sim.url}/__simulator/advance -d '{"days":7}'`,
            'press Ctrl-C to stop',
          ].join('\n'),
        );
        await new Promise<void>((done) => {
          process.once('SIGINT', done);
          process.once('SIGTERM', done);
        });
        await sim.stop();
      });
  },
};

function number(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0)
    throw new ConfigError(`${flag} is not a number`, {
      problems: [{ key: flag, value, expected: 'a non-negative number' }],
    });
  return n;
}

function parseKinds(list: string | undefined): readonly FaultKind[] | undefined {
  if (list === undefined) return undefined;
  const kinds = list.split(',').map((k) => k.trim());
  const bad = kinds.filter((k) => !isFaultKind(k));
  if (bad.length > 0)
    throw new ConfigError('--fault-kinds names an unknown fault', {
      problems: [{ key: '--fault-kinds', value: bad.join(','), expected: FAULT_KINDS.join(', ') }],
    });
  return kinds as FaultKind[];
}
