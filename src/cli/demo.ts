import { mkdirSync, mkdtempSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Option } from 'commander';
import { DEMO_CLUSTER, DEMO_DEFAULTS, type DemoResult, runDemo } from '../demo/index.js';
import { formatCount, formatDuration } from '../domain/units.js';
import { ConfigError } from '../errors.js';
import { ANALYSIS_FORMATTERS } from '../format/analysis-formats.js';
import { renderTopRecommendations } from '../format/top-recommendations.js';
import { FLAVORS, type Flavor } from '../simulator/index.js';
import { openStore } from '../store/index.js';
import { useColour } from './colour.js';
import type { CliCommand } from './command.js';
import type { CliContext } from './context.js';
import { createProgress } from './progress.js';
import { terminalWidth } from './terminal-width.js';
import { VERSION } from './version.js';

interface DemoCliOptions {
  readonly dataDir?: string;
  readonly flavor: Flavor;
  readonly seed: string;
  readonly jobs: string;
  readonly format: 'table' | 'json';
}

export const demoCommand: CliCommand = {
  name: 'demo',
  register(program, context) {
    program
      .command('demo')
      .description(
        'start the built-in Dremio simulator, collect from it, analyse, recommend and measure, and print the report (no cluster needed)',
      )
      .option('--data-dir <dir>', 'store the demo here (default: a fresh directory under DATA_DIR)')
      .addOption(
        new Option('--flavor <flavor>', 'Dremio to simulate').choices(FLAVORS).default(DEMO_DEFAULTS.flavor),
      )
      .option('--seed <n>', 'seed of the simulated workload', String(DEMO_DEFAULTS.seed))
      .option('--jobs <n>', 'jobs in the simulated history', String(DEMO_DEFAULTS.jobs))
      .addOption(new Option('--format <format>', 'report format').choices(['table', 'json']).default('table'))
      .action(async (options: DemoCliOptions) => {
        const dataDir = demoDataDir(context, options.dataDir);
        const result = await demo(context, { ...options, dataDir });
        if (options.format === 'json') {
          context.print(ANALYSIS_FORMATTERS.json(result.report, { widthColumns: 100, toolVersion: VERSION }));
          return;
        }
        context.print(
          ANALYSIS_FORMATTERS.table(result.report, {
            widthColumns: terminalWidth(context.io),
            toolVersion: VERSION,
            colour: useColour(context.io),
          }),
        );
        if (result.report.recommendations.length > 0)
          context.print(
            `\nTop recommendations:\n${renderTopRecommendations(result.report.recommendations, { count: 5, widthColumns: terminalWidth(context.io) })}`,
          );
        context.print(footer(result, dataDir));
      });
  },
};

async function demo(context: CliContext, options: DemoCliOptions & { dataDir: string }): Promise<DemoResult> {
  const count = (flag: string, value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0)
      throw new ConfigError(`${flag} is not a positive whole number`, {
        problems: [{ key: flag, value, expected: 'a positive whole number' }],
      });
    return n;
  };
  const progress = createProgress(context.io, { label: 'demo', quiet: context.quiet() });
  progress.report('store', `opening the demo store in ${options.dataDir}`, { done: 0 });
  const store = await openStore({ dataDir: options.dataDir, command: 'demo' });
  try {
    return await runDemo(
      {
        store,
        logger: context.logger(),
        config: context.config(),
        onProgress: (stage, text, data) => progress.report(stage, text, data),
      },
      {
        ...DEMO_DEFAULTS,
        flavor: options.flavor,
        seed: count('--seed', options.seed),
        jobs: count('--jobs', options.jobs),
      },
    );
  } finally {
    progress.done();
    await store.close();
  }
}

function demoDataDir(context: CliContext, given: string | undefined): string {
  if (given !== undefined) return resolve(context.io.cwd, given);
  const root = resolve(context.io.cwd, context.config().dataDir);
  mkdirSync(root, { recursive: true });
  return mkdtempSync(join(root, 'demo-'));
}

function footer(result: DemoResult, dataDir: string): string {
  const c = result.collection;
  return [
    '',
    `Collected ${formatCount(c.history?.inserted ?? 0)} jobs and ${formatCount(c.profiles?.fetched ?? 0)} profiles from a simulated ${c.deployment.kind} ${c.deployment.version} in ${formatDuration(c.durationMs)}.`,
    `The demo store is in ${dataDir}; explore it with`,
    `  DATA_DIR=${dataDir} npx dremio-optimizer analyze --cluster ${DEMO_CLUSTER} --format json`,
    'or in the dashboard: run',
    `  DATA_DIR=${dataDir} npx dremio-optimizer serve`,
    'and open the URL it prints (on loopback with no API key configured, no key is asked).',
  ].join('\n');
}
