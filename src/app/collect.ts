import { z } from 'zod';
import type { ResolvedConfig } from '../config/index.js';
import { ConflictError, InvalidInputError, StoreError } from '../errors.js';
import { timed } from '../observe/metrics.js';
import { type CollectSummary, collect } from '../sources/collect-service.js';
import { COLLECT_STAGES, type CollectSettings } from '../sources/live/live-context.js';
import { dremioOf, withClusterDeps } from './app-deps.js';
import { type ConfiguredCluster, configuredCluster } from './configured-clusters.js';
import { noteCollection } from './metrics-hooks.js';
import { collectSettingsFromConfig } from './options-from-config.js';
import { type AppDeps, defineService } from './service.js';

/** `true`/`false` as JSON or as text (a query string, an option value); other text is refused. */
export const booleanInput = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);

/** A list given as an array or as comma-separated text (`history,profiles`). */
function listInput<T extends z.ZodType>(item: T) {
  return z.preprocess(
    (v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()) : v),
    z.array(item).min(1),
  );
}

/** A date as ISO 8601 text (a day alone is midnight UTC). */
export const dateText = z
  .string()
  .refine(
    (v) => v.trim() !== '' && !Number.isNaN(new Date(v).getTime()),
    'an ISO 8601 date such as 2026-11-01',
  );

export const collectInput = z.object({
  cluster: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe(
      'A configured cluster (required when several are configured); with the single `dremio` section, its name in the store (default the Dremio host or Cloud project)',
    ),
  since: dateText
    .optional()
    .describe(
      'On the first run, read history from this date (ISO 8601); later runs continue where the last stopped',
    ),
  until: dateText.optional().describe('Read history submitted before this date (ISO 8601)'),
  profiles: z.coerce
    .number()
    .int()
    .min(0)
    .optional()
    .describe('Most profiles fetched in this run (default 200)'),
  only: listInput(z.enum(COLLECT_STAGES))
    .optional()
    .describe(`Stages to run, a subset of ${COLLECT_STAGES.join(', ')}; default all`),
  dryRun: booleanInput.default(false).describe('Show what would be read and written; read and write nothing'),
});

const counts = <K extends string>(keys: readonly K[]) =>
  z.object(Object.fromEntries(keys.map((k) => [k, z.number()])) as Record<K, z.ZodNumber>);

export const collectSummaryOutput = z.object({
  dryRun: z.literal(false),
  runId: z.number(),
  clusterName: z.string(),
  resumed: z.boolean().describe('True when this run finished the plan of an earlier run that was killed'),
  status: z.enum(['succeeded', 'partial', 'failed']),
  deployment: z.object({ kind: z.string(), version: z.string(), historyTable: z.string() }),
  history: counts([
    'rowsRead',
    'inserted',
    'updated',
    'unchanged',
    'ownJobsSkipped',
    'pages',
    'stillRunning',
    'neverSeenEnding',
  ]).nullable(),
  profiles: counts(['planned', 'fetched', 'alreadyStored', 'notFound', 'failed', 'earlierAttempts'])
    .extend({
      coverage: counts(['jobsInWindow', 'jobsWithProfile', 'jobsUnavailable', 'jobsRemaining']).describe(
        'Jobs of the last 30 days of history the profile policy considers, after this run: with their profile, gone from Dremio or given up, and left for later runs',
      ),
    })
    .nullable(),
  reflections: counts(['reflections', 'refreshes']).nullable(),
  datasets: counts(['datasets', 'withFileStats']).nullable(),
  changes: counts(['detected', 'linked']).nullable(),
  failedStages: z.array(z.object({ stage: z.enum(COLLECT_STAGES), reason: z.string(), nextRun: z.string() })),
  errors: z.number().describe('Items that failed and were skipped (see the run’s collection errors)'),
  durationMs: z.number(),
  stageMs: z.object(Object.fromEntries(COLLECT_STAGES.map((s) => [s, z.number().optional()]))),
});

export const collectPlanOutput = z.object({
  dryRun: z.literal(true),
  clusterName: z.string(),
  stages: z.array(z.enum(COLLECT_STAGES)),
  since: z.string().nullable(),
  until: z.string().nullable(),
  historyPageRows: z.number(),
  overlapMs: z.number(),
  profileBudget: z.number(),
});

export const collectOutput = z.discriminatedUnion('dryRun', [collectSummaryOutput, collectPlanOutput]);
export type CollectOutput = z.input<typeof collectOutput>;
export type CollectSummaryOutput = z.input<typeof collectSummaryOutput>;

export const collectData = defineService({
  name: 'collect',
  summary: 'Collect job history, profiles, reflections and dataset metadata from the configured Dremio',
  input: collectInput,
  output: collectOutput,
  async run(deps, options) {
    const cluster = configuredCluster(deps.config, options.cluster);
    if (options.dryRun) return collectPlanOf(clusterCollectSettings(deps.config, cluster, options));
    return withClusterDeps(deps, cluster, async (own) =>
      collectSummaryWire(await collectWith(own, clusterCollectSettings(own.config, cluster, options))),
    );
  },
});

/** Settings of one collection of a configured cluster: its connection's defaults, its store name. */
export function clusterCollectSettings(
  config: ResolvedConfig,
  cluster: ConfiguredCluster,
  options: Pick<z.output<typeof collectInput>, 'since' | 'until' | 'profiles' | 'only'>,
): CollectSettings {
  return collectSettingsOf({ ...config, dremio: cluster.dremio }, { ...options, cluster: cluster.name });
}

/** Settings of one collection from a service's options; field problems name `since`, `until`. */
export function collectSettingsOf(
  config: ResolvedConfig,
  options: Pick<z.output<typeof collectInput>, 'cluster' | 'since' | 'until' | 'profiles' | 'only'>,
): CollectSettings {
  const since = dateField('since', options.since);
  const until = dateField('until', options.until);
  if (since !== undefined && until !== undefined && since.getTime() >= until.getTime()) {
    throw new InvalidInputError('until is not after since', {
      problems: [
        { field: 'until', value: options.until!, expected: `a date after since (${options.since})` },
      ],
    });
  }
  return collectSettingsFromConfig(config, {
    clusterName: options.cluster,
    since,
    until,
    profileBudget: options.profiles,
    stages: options.only,
  });
}

/** Runs one collection with the service dependencies' Dremio; progress goes to `deps.onProgress`. */
export async function collectWith(deps: AppDeps, settings: CollectSettings): Promise<CollectSummary> {
  try {
    const summary = await timed(deps.metrics, 'collect', () =>
      collect(
        {
          store: deps.store,
          client: dremioOf(deps),
          logger: deps.logger,
          ...(deps.signal === undefined ? {} : { signal: deps.signal }),
          onProgress: (stage, text, data) => deps.onProgress?.(stage, text, data),
        },
        settings,
      ),
    );
    await noteCollection(deps, summary);
    return summary;
  } catch (error) {
    if (error instanceof StoreError && error.code === 'STORE_COLLECTION_BUSY') {
      throw new ConflictError(error.message, {
        code: 'COLLECTION_BUSY',
        cause: error,
        hint: 'wait for it to finish; runs of one cluster never overlap',
      });
    }
    throw error;
  }
}

export function collectSummaryWire(s: CollectSummary): CollectSummaryOutput {
  return {
    dryRun: false,
    runId: Number(s.runId),
    clusterName: s.clusterName,
    resumed: s.resumed,
    status: s.status,
    deployment: { ...s.deployment },
    history: s.history === undefined ? null : { ...s.history },
    profiles: s.profiles === undefined ? null : { ...s.profiles, coverage: { ...s.profiles.coverage } },
    reflections: s.reflections === undefined ? null : { ...s.reflections },
    datasets: s.datasets === undefined ? null : { ...s.datasets },
    changes: s.changes === undefined ? null : { ...s.changes },
    failedStages: s.failedStages.map((f) => ({ ...f })),
    errors: s.errors,
    durationMs: s.durationMs,
    stageMs: { ...s.stageMs },
  };
}

/** What a collection with these settings would read and write (a dry run). */
export function collectPlanOf(s: CollectSettings): z.input<typeof collectPlanOutput> {
  return {
    dryRun: true,
    clusterName: s.clusterName,
    stages: [...s.stages],
    since: s.since?.toISOString() ?? null,
    until: s.until?.toISOString() ?? null,
    historyPageRows: s.historyPageRows,
    overlapMs: s.overlapMs,
    profileBudget: s.profileBudget,
  };
}

/** A date field: ISO 8601 text (a day alone is midnight UTC); anything else names the field. */
export function dateField(field: string, value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (value.trim() === '' || Number.isNaN(date.getTime())) {
    throw new InvalidInputError(`${field} is not a date`, {
      problems: [{ field, value, expected: 'an ISO 8601 date such as 2026-11-01' }],
    });
  }
  return date;
}
