import { Option } from 'commander';
import type { z } from 'zod';
import {
  type CollectSummaryOutput,
  clusterCollectSettings,
  collectData,
  collectPlanOf,
  type collectPlanOutput,
  collectSummaryWire,
} from '../app/collect.js';
import { type CollectAllOutput, collectAllClusters } from '../app/collect-all-clusters.js';
import { configuredCluster, configuredClusters } from '../app/configured-clusters.js';
import { COLLECT_DEFAULTS, dremioOptionsOfCluster } from '../app/options-from-config.js';
import { parseServiceInput } from '../app/service.js';
import { stringifyWire } from '../app/wire-json.js';
import { formatCount } from '../domain/units.js';
import type { CollectSummary } from '../sources/collect-service.js';
import { COLLECT_STAGES, type CollectStage } from '../sources/live/live-context.js';
import type { CliCommand } from './command.js';
import { type DeploymentSource, describeDeployment } from './describe-deployment.js';
import { EXIT } from './exit-codes.js';
import { formatOption, type OutputFormat } from './format-option.js';
import { withServices } from './with-store.js';

export interface CollectCliOptions {
  readonly since?: string;
  readonly until?: string;
  readonly profiles: string;
  readonly only?: string;
  readonly cluster?: string;
  readonly allClusters: boolean;
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
      .option('--profiles <n>', 'most profiles fetched in this run', String(COLLECT_DEFAULTS.profileBudget))
      .addOption(new Option('--only <stages>', `comma-separated subset of ${COLLECT_STAGES.join(',')}`))
      .addOption(
        new Option(
          '--cluster <name>',
          'collect this configured cluster (without a `clusters` list: the name of the Dremio in the store; default its host or Cloud project)',
        ).conflicts('allClusters'),
      )
      .option(
        '--all-clusters',
        'collect every configured cluster in turn, reporting each; one failing does not stop the others (exit 4 if any failed)',
        false,
      )
      .option('--dry-run', 'show what would be read and written, read and write nothing', false)
      .addOption(formatOption())
      .action(async (options: CollectCliOptions) => {
        const input = collectInputOf(options);
        const config = context.config();
        if (options.allClusters && !options.dryRun) {
          const { cluster: _, dryRun: __, ...allInput } = input;
          const output = await withServices(context, { command: 'collect', progress: 'collect' }, (deps) =>
            collectAllClusters(deps, allInput),
          );
          context.print(options.format === 'json' ? stringifyWire(output, 2) : renderAllClusters(output));
          if (output.clusters.some((c) => c.status !== 'succeeded')) setExitCode(EXIT.dremio);
          return;
        }
        if (options.dryRun) {
          // Validated as the service does; nothing is opened.
          const parsed = parseServiceInput(collectData.serviceName, collectData.input, input);
          const clusters = options.allClusters
            ? configuredClusters(config)
            : [configuredCluster(config, parsed.cluster)];
          const plans = clusters.map((c) => collectPlanOf(clusterCollectSettings(config, c, parsed)));
          context.print(
            options.format === 'json'
              ? stringifyWire(options.allClusters ? plans : plans[0], 2)
              : plans.map(describePlan).join('\n\n'),
          );
          return;
        }
        // Fails on a missing Dremio setting before the store is opened.
        const dremio = dremioOptionsOfCluster(configuredCluster(config, options.cluster), context.logger());
        const output = await withServices(context, { command: 'collect', progress: 'collect' }, (deps) =>
          collectData(deps, input),
        );
        if (output.dryRun) return;
        context.print(
          options.format === 'json'
            ? stringifyWire(output, 2)
            : renderSummary(output, { url: dremio.url, projectId: dremio.projectId }),
        );
        if (output.status !== 'succeeded') setExitCode(EXIT.dremio);
      });
  },
};

/** The service's options from the command line (values as typed; the service validates them). */
export function collectInputOf(
  options: Pick<CollectCliOptions, 'since' | 'until' | 'profiles' | 'only' | 'cluster'> & {
    dryRun?: boolean;
  },
): z.input<typeof collectData.input> {
  return {
    ...(options.cluster === undefined ? {} : { cluster: options.cluster }),
    ...(options.since === undefined ? {} : { since: options.since }),
    ...(options.until === undefined ? {} : { until: options.until }),
    profiles: options.profiles,
    ...(options.only === undefined ? {} : { only: options.only }),
    dryRun: options.dryRun === true,
  };
}

/** Each cluster's summary, or what stopped it and what to do, then one line over all of them. */
function renderAllClusters(output: CollectAllOutput): string {
  const blocks = output.clusters.map((c) => {
    if (c.summary !== null)
      return renderSummary(
        c.summary,
        c.url === null ? undefined : { url: c.url, projectId: c.projectId ?? undefined },
      );
    const where = c.url === null ? '' : ` at ${c.url}`;
    const hint = c.error?.hint === undefined ? '' : `\n  what to do: ${c.error.hint}`;
    return `cluster "${c.cluster}"${where}: not collected: ${c.error?.message ?? 'unknown error'} (${c.error?.code ?? 'INTERNAL'})${hint}`;
  });
  const ok = output.clusters.filter((c) => c.status === 'succeeded').length;
  const notOk = output.clusters
    .filter((c) => c.status !== 'succeeded')
    .map((c) => `${c.cluster} (${c.status})`);
  const total = `${ok} of ${output.clusters.length} cluster(s) collected${notOk.length === 0 ? '' : `; not fully: ${notOk.join(', ')}`}${output.stoppedEarly ? '; stopped before the rest' : ''}`;
  return [...blocks, total].join('\n\n');
}

function describePlan(s: z.input<typeof collectPlanOutput>): string {
  return [
    `dry run: nothing is read from Dremio or written to the store`,
    `cluster:  ${s.clusterName}`,
    `stages:   ${s.stages.join(', ')}`,
    `history:  from the last watermark (first run: ${s.since ?? 'everything Dremio keeps'})${s.until === null ? '' : ` until ${s.until}`}, ${s.historyPageRows} jobs per query, re-reading ${Math.round(s.overlapMs / 60_000)} min of overlap`,
    `profiles: up to ${s.profileBudget} (failed, slowest, latest and costliest per query shape, then a sample)`,
    `writes:   jobs, profiles, reflections, datasets and file statistics, one collection run record`,
  ].join('\n');
}

/** Jobs still running are read again next run; those past the bound are named, not silently kept. */
function unfinished(h: NonNullable<CollectSummaryOutput['history']>): string {
  const parts = [
    ...(h.stillRunning > 0 ? [`${h.stillRunning} still running, read again next run`] : []),
    ...(h.neverSeenEnding > 0 ? [`${h.neverSeenEnding} never seen ending, marked NEVER_SEEN_ENDING`] : []),
  ];
  return parts.length === 0 ? '' : `; ${parts.join('; ')}`;
}

/**
 * The summary in words; takes the service's output (or the collection's own summary) and, to name the
 * Cloud project and region, the configured URL and project id.
 */
export function renderSummary(
  summary: CollectSummaryOutput | CollectSummary,
  source?: DeploymentSource,
): string {
  const s = 'dryRun' in summary ? summary : collectSummaryWire(summary);
  const took = (stage: CollectStage) => {
    const ms = s.stageMs[stage];
    return ms === undefined ? '' : ` in ${(ms / 1000).toFixed(1)} s`;
  };
  const lines = [
    `${s.status === 'succeeded' ? 'collected' : `collected (${s.status})`} from ${describeDeployment(s.deployment, source)} into cluster "${s.clusterName}" in ${(s.durationMs / 1000).toFixed(1)} s${s.resumed ? ' (finished an interrupted run)' : ''}`,
  ];
  const failed = (stage: CollectStage) => {
    const f = s.failedStages.find((x) => x.stage === stage);
    if (f !== undefined)
      lines.push(`${`${stage}:`.padEnd(13)}failed: ${f.reason}; ${f.nextRun}${took(stage)}`);
  };
  failed('history');
  if (s.history)
    lines.push(
      `history:     ${formatCount(s.history.rowsRead)} jobs read, ${formatCount(s.history.inserted)} new, ${formatCount(s.history.updated)} updated (${s.history.ownJobsSkipped} of our own queries skipped)${unfinished(s.history)}${took('history')}`,
    );
  failed('profiles');
  if (s.profiles)
    lines.push(
      `profiles:    ${formatCount(s.profiles.fetched)} fetched of ${formatCount(s.profiles.planned)} planned (${s.profiles.alreadyStored} already stored, ${s.profiles.notFound} gone, ${s.profiles.failed} failed)${took('profiles')}`,
      ...coverageLine(s.profiles.coverage),
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

/** How far profile coverage has grown: repeated runs take the best jobs not fetched yet. */
function coverageLine(
  coverage:
    | {
        readonly jobsInWindow: number;
        readonly jobsWithProfile: number;
        readonly jobsUnavailable: number;
        readonly jobsRemaining: number;
      }
    | undefined,
): string[] {
  if (coverage === undefined || coverage.jobsInWindow === 0) return [];
  const gone = coverage.jobsUnavailable > 0 ? `, ${formatCount(coverage.jobsUnavailable)} unavailable` : '';
  return [
    `             coverage: ${formatCount(coverage.jobsWithProfile)} of ${formatCount(coverage.jobsInWindow)} finished jobs in the window have a profile${gone}; ${formatCount(coverage.jobsRemaining)} left for later runs`,
  ];
}
