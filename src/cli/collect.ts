import { Option } from 'commander';
import type { ResolvedConfig } from '../config/index.js';
import { createDremioClient } from '../dremio/index.js';
import { ConfigError } from '../errors.js';
import { type CollectSummary, collect } from '../sources/collect-service.js';
import { COLLECT_STAGES, type CollectSettings, type CollectStage } from '../sources/live/live-context.js';
import type { CliCommand } from './command.js';
import type { CliContext } from './context.js';
import { dremioOptionsFromConfig } from './dremio-from-config.js';
import { EXIT } from './exit-codes.js';
import { formatOption, type OutputFormat } from './format-option.js';
import { createProgress } from './progress.js';
import { abortOnSignals } from './signals.js';
import { withStore } from './with-store.js';

export interface CollectCliOptions {
  readonly since?: string;
  readonly until?: string;
  readonly profiles: string;
  readonly only?: string;
  readonly cluster?: string;
  readonly dryRun: boolean;
  readonly format: OutputFormat;
}

export const collectCommand: CliCommand = {
  name: 'collect',
  register(program, context, setExitCode) {
    program
      .command('collect')
      .description(
        'collect job history, profiles, reflections and dataset metadata from the configured Dremio (read-only)',
      )
      .option(
        '--since <date>',
        'on the first run, read history from this date (ISO 8601); later runs continue where the last stopped',
      )
      .option('--until <date>', 'read history submitted before this date')
      .option('--profiles <n>', 'most profiles fetched in this run', '200')
      .addOption(new Option('--only <stages>', `comma-separated subset of ${COLLECT_STAGES.join(',')}`))
      .option(
        '--cluster <name>',
        'name of the cluster in the store (default: the Dremio host or Cloud project)',
      )
      .option('--dry-run', 'connect and show what would be read and written, write nothing', false)
      .addOption(formatOption())
      .action(async (options: CollectCliOptions) => {
        const config = context.config();
        const settings = parseCollectOptions(options, config);
        if (options.dryRun) {
          context.print(describePlan(settings));
          return;
        }
        const summary = await runCollect(context, settings);
        context.print(
          options.format === 'json' ? JSON.stringify(summary, bigintAsNumber, 2) : renderSummary(summary),
        );
        if (summary.status !== 'succeeded') setExitCode(EXIT.dremio);
      });
  },
};

/** Validates the command line into collection settings (no I/O; testable alone). */
export function parseCollectOptions(options: CollectCliOptions, config: ResolvedConfig): CollectSettings {
  const date = (flag: string, value: string | undefined) => {
    if (value === undefined) return undefined;
    const d = new Date(value);
    if (Number.isNaN(d.getTime()))
      throw new ConfigError(`--${flag} is not a date`, {
        problems: [{ key: `--${flag}`, value, expected: 'an ISO 8601 date such as 2026-11-01' }],
      });
    return d;
  };
  const budget = Number(options.profiles);
  if (!Number.isInteger(budget) || budget < 0) {
    throw new ConfigError('--profiles is not a count', {
      problems: [{ key: '--profiles', value: options.profiles, expected: 'a whole number ≥ 0' }],
    });
  }
  const stages =
    options.only === undefined ? [...COLLECT_STAGES] : options.only.split(',').map((s) => s.trim());
  const unknown = stages.filter((s) => !(COLLECT_STAGES as readonly string[]).includes(s));
  if (unknown.length > 0) {
    throw new ConfigError('--only names an unknown stage', {
      problems: [{ key: '--only', value: unknown.join(','), expected: COLLECT_STAGES.join(', ') }],
    });
  }
  const url = config.dremio.url;
  const cloud = config.dremio.projectId !== undefined;
  return {
    clusterName:
      options.cluster ??
      (cloud ? `cloud-${config.dremio.projectId}` : url === undefined ? 'default' : new URL(url).host),
    since: date('since', options.since),
    until: date('until', options.until),
    profileBudget: budget,
    stages: new Set(stages as CollectStage[]),
    redactSql: config.redactSql,
    storeRawProfiles: config.profiles.storeRaw,
    historyPageRows: 5000,
    // Cloud's history table lags about an hour behind; Software's only by jobs still finishing.
    overlapMs: cloud ? 3 * 3_600_000 : 15 * 60_000,
    maxDatasets: 100,
    maxConcurrency: config.dremio.maxConcurrency,
  };
}

export async function runCollect(context: CliContext, settings: CollectSettings): Promise<CollectSummary> {
  const logger = context.logger();
  const client = createDremioClient(dremioOptionsFromConfig(context.config(), logger));
  const progress = createProgress(context.io, 'collect');
  const stop = abortOnSignals();
  try {
    return await withStore(context, { command: 'collect' }, (store) =>
      collect(
        {
          store,
          client,
          logger,
          signal: stop.signal,
          onProgress: (stage, text, data) => progress.update(`${stage}: ${text}`, data),
        },
        settings,
      ),
    );
  } finally {
    stop.dispose();
    progress.done();
    client.close();
  }
}

function describePlan(s: CollectSettings): string {
  return [
    `dry run: nothing is read from Dremio or written to the store`,
    `cluster:  ${s.clusterName}`,
    `stages:   ${[...s.stages].join(', ')}`,
    `history:  from the last watermark (first run: ${s.since?.toISOString() ?? 'everything Dremio keeps'})${s.until === undefined ? '' : ` until ${s.until.toISOString()}`}, ${s.historyPageRows} jobs per query, re-reading ${Math.round(s.overlapMs / 60_000)} min of overlap`,
    `profiles: up to ${s.profileBudget} (failed, slowest, latest and costliest per query shape, then a sample)`,
    `writes:   jobs, profiles, reflections, datasets and file statistics, one collection run record`,
  ].join('\n');
}

/** Jobs still running are read again next run; those past the bound are named, not silently kept. */
function unfinished(h: NonNullable<CollectSummary['history']>): string {
  const parts = [
    ...(h.stillRunning > 0 ? [`${h.stillRunning} still running, read again next run`] : []),
    ...(h.neverSeenEnding > 0 ? [`${h.neverSeenEnding} never seen ending, marked NEVER_SEEN_ENDING`] : []),
  ];
  return parts.length === 0 ? '' : `; ${parts.join('; ')}`;
}

export function renderSummary(s: CollectSummary): string {
  const took = (stage: CollectStage) => {
    const ms = s.stageMs[stage];
    return ms === undefined ? '' : ` in ${(ms / 1000).toFixed(1)} s`;
  };
  const lines = [
    `${s.status === 'succeeded' ? 'collected' : `collected (${s.status})`} from ${s.deployment.kind} ${s.deployment.version} into cluster "${s.clusterName}" in ${(s.durationMs / 1000).toFixed(1)} s${s.resumed ? ' (finished an interrupted run)' : ''}`,
  ];
  const failed = (stage: CollectStage) => {
    const f = s.failedStages.find((x) => x.stage === stage);
    if (f !== undefined)
      lines.push(`${`${stage}:`.padEnd(13)}failed: ${f.reason}; ${f.nextRun}${took(stage)}`);
  };
  failed('history');
  if (s.history)
    lines.push(
      `history:     ${s.history.rowsRead} jobs read, ${s.history.inserted} new, ${s.history.updated} updated (${s.history.ownJobsSkipped} of our own queries skipped)${unfinished(s.history)}${took('history')}`,
    );
  failed('profiles');
  if (s.profiles)
    lines.push(
      `profiles:    ${s.profiles.fetched} fetched of ${s.profiles.planned} planned (${s.profiles.alreadyStored} already stored, ${s.profiles.notFound} gone, ${s.profiles.failed} failed)${took('profiles')}`,
    );
  failed('reflections');
  if (s.reflections)
    lines.push(
      `reflections: ${s.reflections.reflections} (${s.reflections.refreshes} refreshes)${took('reflections')}`,
    );
  failed('datasets');
  if (s.datasets)
    lines.push(
      `datasets:    ${s.datasets.datasets} (${s.datasets.withFileStats} with Iceberg file statistics)${took('datasets')}`,
    );
  if (s.changes)
    lines.push(
      `changes:     ${s.changes.detected} new (reflections, rewrites, partition specs, rewritten queries), ${s.changes.linked} carrying out a recommendation; \`measure\` compares before and after`,
    );
  if (s.errors > 0)
    lines.push(`${s.errors} item(s) failed and were skipped; see collection_errors for run ${s.runId}`);
  return lines.join('\n');
}

function bigintAsNumber(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? Number(value) : value;
}
