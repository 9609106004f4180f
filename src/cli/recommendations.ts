import { userInfo } from 'node:os';
import { type Command, InvalidArgumentError } from 'commander';
import { configuredCluster } from '../app/configured-clusters.js';
import { dremioOptionsOfCluster } from '../app/options-from-config.js';
import {
  applyRecommendationDetail,
  markAppliedDetail,
  setStatusDetail,
  verifyDetail,
} from '../app/recommendation-actions.js';
import { getRecommendation, listRecommendations } from '../app/recommendations.js';
import type { AppDeps } from '../app/service.js';
import { stringifyWire } from '../app/wire-json.js';
import {
  isRecommendationStatus,
  RECOMMENDATION_STATUSES,
  type RecommendationStatus,
} from '../domain/recommendation.js';
import { createDremioClient, type DremioClient } from '../dremio/index.js';
import { InputError } from '../errors.js';
import { recommendationDetail, recommendationsTable } from '../format/recommendation-text.js';
import { measurementDetail } from '../measure/measurement-text.js';
import {
  listStoredRecommendations,
  type RecommendationDetail,
  showRecommendation,
} from '../recommend/recommend-service.js';
import type { Store } from '../store/index.js';
import { allPages } from './all-pages.js';
import type { CliCommand } from './command.js';
import type { CliContext } from './context.js';
import { formatOption, type OutputFormat } from './format-option.js';
import { terminalWidth } from './terminal-width.js';
import { parseSince } from './time-argument.js';
import { withServices, withStore } from './with-store.js';

interface CommonInput {
  readonly cluster?: string;
  readonly format: OutputFormat;
}

/** What `list` shows without `--status`: every status but closed (the analysis closed those, with the reason). */
export const LISTED_BY_DEFAULT: readonly RecommendationStatus[] = RECOMMENDATION_STATUSES.filter(
  (s) => s !== 'closed',
);

/** The pure step of `list`: `--status accepted,applied` → statuses, rejecting unknown names. */
export function parseStatuses(text: string | undefined): RecommendationStatus[] | undefined {
  if (text === undefined) return undefined;
  return text.split(',').map((s) => {
    const status = s.trim();
    if (!isRecommendationStatus(status))
      throw new InputError(`unknown status "${status}"`, {
        code: 'RECOMMENDATION_STATUS',
        hint: `use ${RECOMMENDATION_STATUSES.join(', ')}`,
      });
    return status;
  });
}

function actorName(by: string | undefined): string {
  if (by !== undefined) return by;
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/** `extra`: members the service adds to the detail (the Dremio job and the change of an apply). */
function printDetail(
  context: CliContext,
  detail: RecommendationDetail,
  format: OutputFormat,
  extra: Record<string, unknown> = {},
): void {
  context.print(
    format === 'json'
      ? stringifyWire({ ...detail.recommendation, history: detail.history, ...extra }, 2)
      : recommendationDetail(detail.recommendation, detail.history, terminalWidth(context.io)),
  );
}

function cluster(input: CommonInput) {
  return input.cluster === undefined ? {} : { clusterName: input.cluster };
}

/** The service's option for the cluster (read commands still call the store functions by name). */
function clusterField(input: CommonInput) {
  return input.cluster === undefined ? {} : { cluster: input.cluster };
}

function depsOf(context: CliContext, store: Store, dremio?: () => DremioClient): AppDeps {
  return {
    store,
    config: context.config(),
    logger: context.logger(),
    ...(dremio === undefined ? {} : { dremio }),
  };
}

function registerStep(
  parent: Command,
  context: CliContext,
  spec: { name: string; to: RecommendationStatus; description: string; reasonRequired: boolean },
): void {
  const command = parent
    .command(`${spec.name} <id>`)
    .description(spec.description)
    .option('--by <name>', 'who decides (default: the OS user)')
    .option('--cluster <name>', 'the cluster (default: the only one)')
    .option('--dry-run', 'check the step is allowed and change nothing', false)
    .addOption(formatOption());
  if (spec.reasonRequired) command.requiredOption('--reason <text>', 'why (kept in the history)');
  else command.option('--reason <text>', 'why (kept in the history)');
  command.action(
    async (id: string, input: CommonInput & { reason?: string; by?: string; dryRun: boolean }) => {
      const detail = await withStore(context, { command: `recommendations ${spec.name}` }, (store) =>
        setStatusDetail(depsOf(context, store), {
          ...clusterField(input),
          id,
          to: spec.to,
          actor: actorName(input.by),
          ...(input.reason === undefined ? {} : { reason: input.reason }),
          dryRun: input.dryRun,
        }),
      );
      if (input.dryRun) context.print(`dry run: ${id} would become ${spec.to}; nothing was written`);
      else printDetail(context, detail, input.format);
    },
  );
}

function registerVerify(parent: Command, context: CliContext): void {
  parent
    .command('verify <id>')
    .description(
      'measure an applied recommendation before vs after; it becomes verified only when the measurement says so',
    )
    .option('--cluster <name>', 'the cluster (default: the only one)')
    .addOption(formatOption())
    .action(async (id: string, input: CommonInput) => {
      const result = await withStore(context, { command: 'recommendations verify' }, (store) =>
        verifyDetail(depsOf(context, store), { ...clusterField(input), id }),
      );
      context.print(
        input.format === 'json'
          ? stringifyWire(
              {
                recommendation: result.recommendation,
                measurement: result.measurement,
                verifiedNow: result.verifiedNow,
              },
              2,
            )
          : [
              measurementDetail(result.measurement),
              '',
              result.verifiedNow
                ? `recommendation ${id} is now verified`
                : `recommendation ${id} stays ${result.recommendation.status}`,
            ].join('\n'),
      );
    });
}

function registerApply(parent: Command, context: CliContext): void {
  parent
    .command('apply <id>')
    .description("run the recommendation's statement on Dremio (refuses without --confirm)")
    .option('--confirm', 'really run it', false)
    .option('--by <name>', 'who applies it (default: the OS user)')
    .option('--cluster <name>', 'the cluster (default: the only one)')
    .addOption(formatOption())
    .action(async (id: string, input: CommonInput & { confirm: boolean; by?: string }) => {
      const result = await withStore(context, { command: 'recommendations apply' }, async (store) => {
        // The service connects only when a checked, confirmed statement is about to run.
        let client: DremioClient | undefined;
        const dremio = () =>
          (client ??= createDremioClient(
            dremioOptionsOfCluster(configuredCluster(context.config(), input.cluster), context.logger()),
          ));
        try {
          return await applyRecommendationDetail(depsOf(context, store, dremio), {
            ...clusterField(input),
            id,
            confirm: input.confirm,
            actor: actorName(input.by),
          });
        } finally {
          client?.close();
        }
      });
      printDetail(context, result, input.format, { jobId: result.jobId, change: result.change ?? null });
    });
}

/** The pure step of `applied --at`: an ISO date (its start, UTC) or time; a span back is refused. */
export function parseAppliedAt(text: string): Date {
  const since = parseSince(text);
  if (since.kind === 'at') return since.at;
  throw new InvalidArgumentError('expected a date (2026-11-03) or a time (2026-11-03T14:00:00Z), not a span');
}

function registerApplied(parent: Command, context: CliContext): void {
  parent
    .command('applied <id>')
    .description('mark a recommendation applied by hand, effective at a time (measured from then on)')
    .requiredOption(
      '--at <time>',
      'when the change took effect (2026-11-03T14:00:00Z; no zone means UTC)',
      parseAppliedAt,
    )
    .option('--reason <text>', 'how it was applied (kept in the history)')
    .option('--by <name>', 'who applied it (default: the OS user)')
    .option('--cluster <name>', 'the cluster (default: the only one)')
    .addOption(formatOption())
    .action(async (id: string, input: CommonInput & { at: Date; reason?: string; by?: string }) => {
      const result = await withStore(context, { command: 'recommendations applied' }, (store) =>
        markAppliedDetail(depsOf(context, store), {
          ...clusterField(input),
          id,
          at: input.at.toISOString(),
          actor: actorName(input.by),
          ...(input.reason === undefined ? {} : { reason: input.reason }),
        }),
      );
      printDetail(context, result, input.format, { change: result.change });
    });
}

export const recommendationsCommand: CliCommand = {
  name: 'recommendations',
  register(program, context) {
    const parent = program
      .command('recommendations')
      .description(
        'list, inspect, accept, reject and apply recommendations (never applied without --confirm)',
      );
    parent
      .command('list')
      .description(
        'recommendations of the last analysis, largest net benefit first (closed ones only with --status)',
      )
      .option('--status <list>', 'only these statuses, comma-separated (default: all but closed)')
      .option('--cluster <name>', 'the cluster (default: the only one)')
      .addOption(formatOption())
      .action(async (input: CommonInput & { status?: string }) => {
        const statuses = parseStatuses(input.status) ?? [...LISTED_BY_DEFAULT];
        if (input.format === 'json') {
          // The JSON form is the service's, item for item what `GET /api/v1/recommendations` pages.
          const items = await withServices(context, { command: 'recommendations list' }, (deps) =>
            allPages(listRecommendations, deps, {
              ...clusterField(input),
              ...(statuses ? { status: statuses } : {}),
            }),
          );
          context.print(stringifyWire(items, 2));
          return;
        }
        const recs = await withStore(context, { command: 'recommendations list' }, (store) =>
          listStoredRecommendations(store, { ...cluster(input), ...(statuses ? { statuses } : {}) }),
        );
        context.print(recommendationsTable(recs, terminalWidth(context.io)));
      });
    parent
      .command('show <id>')
      .description('the statement, estimate, method and history of one recommendation')
      .option('--cluster <name>', 'the cluster (default: the only one)')
      .addOption(formatOption())
      .action(async (id: string, input: CommonInput) => {
        if (input.format === 'json') {
          const detail = await withServices(context, { command: 'recommendations show' }, (deps) =>
            getRecommendation(deps, { ...clusterField(input), id }),
          );
          context.print(stringifyWire(detail, 2));
          return;
        }
        const detail = await withStore(context, { command: 'recommendations show' }, (store) =>
          showRecommendation(store, { ...cluster(input), id }),
        );
        printDetail(context, detail, input.format);
      });
    registerStep(parent, context, {
      name: 'accept',
      to: 'accepted',
      description: 'mark a recommendation accepted (to be applied)',
      reasonRequired: false,
    });
    registerStep(parent, context, {
      name: 'reject',
      to: 'rejected',
      description: 'reject a recommendation, with the reason',
      reasonRequired: true,
    });
    registerStep(parent, context, {
      name: 'dismiss',
      to: 'dismissed',
      description: 'set a recommendation aside without rejecting it',
      reasonRequired: false,
    });
    registerVerify(parent, context);
    registerApply(parent, context);
    registerApplied(parent, context);
  },
};
