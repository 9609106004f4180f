import { gzipSync } from 'node:zlib';
import type { ProfileSummary } from '../../domain/profile-summary.js';
import { stringifyLosslessJson } from '../../json/lossless-json.js';
import { summarizeProfile } from '../../profile/summarize.js';
import { redact } from '../../sql/redact.js';
import {
  listProfiledJobs,
  PROFILE_NOT_FOUND,
  type ProfileCandidate,
  type ProfileCoverage,
  type ProfilePool,
  profileCoverage,
  profileFetchItem,
  type Store,
  selectProfileCandidates,
  upsertProfile,
} from '../../store/index.js';
import { type CollectSettings, type LiveContext, messageOf } from './live-context.js';
import { workloadWindowStart } from './workload-window.js';

export interface ProfileCounts {
  readonly planned: number;
  readonly fetched: number;
  readonly alreadyStored: number;
  readonly notFound: number;
  readonly failed: number;
  /** Profiles of attempts before the last of re-attempted jobs, kept as evidence of why they re-ran. */
  readonly earlierAttempts: number;
  /** The window's jobs with and without profiles after this run, so repeated runs show coverage growing. */
  readonly coverage: ProfileCoverage;
}

type MutableProfileCounts = { -readonly [K in Exclude<keyof ProfileCounts, 'coverage'>]: ProfileCounts[K] };

/** The job's own profile is its last attempt's: history's times and metrics are that attempt's (fidelity-gaps #6). */
function lastAttempt(candidate: ProfileCandidate): number {
  return Math.max(1, candidate.attemptCount) - 1;
}

// Reflection maintenance and metadata jobs say nothing about the workload's own queries.
const SKIPPED_QUERY_TYPES = [
  'ACCELERATOR_CREATE',
  'ACCELERATOR_DROP',
  'ACCELERATOR_OPTIMIZE',
  'METADATA_REFRESH',
  'INTERNAL_ICEBERG_METADATA_DROP',
];
const POLICY_WINDOW_DAYS = 30;
const NO_COVERAGE: ProfileCoverage = {
  jobsInWindow: 0,
  jobsWithProfile: 0,
  jobsUnavailable: 0,
  jobsRemaining: 0,
};

async function policyPool(ctx: LiveContext): Promise<ProfilePool | undefined> {
  const since = await workloadWindowStart(ctx, POLICY_WINDOW_DAYS);
  return since === undefined
    ? undefined
    : { clusterId: ctx.clusterId, since, excludeQueryTypes: SKIPPED_QUERY_TYPES };
}

/**
 * Chooses the profiles this run fetches: the policy's best jobs in the window not stored yet and not
 * known to be unavailable, within the budget, so each run widens coverage. Saved with the run, so a
 * resumed run finishes the same plan.
 */
export async function planProfiles(ctx: LiveContext): Promise<readonly ProfileCandidate[]> {
  const pool = await policyPool(ctx);
  if (pool === undefined) return [];
  return selectProfileCandidates(ctx.store.db, { ...pool, limit: ctx.settings.profileBudget });
}

/**
 * Fetches the planned profiles with bounded concurrency and stores each with its parsed summary. A
 * profile that is gone (404) or keeps failing is recorded as an error and the others go on.
 */
export async function collectProfiles(
  ctx: LiveContext,
  plan: readonly ProfileCandidate[],
): Promise<ProfileCounts> {
  const stored = await listProfiledJobs(ctx.store.db, ctx.clusterId);
  const todo = plan.filter((c) => !stored.has(`${c.jobId}#${lastAttempt(c)}`));
  const counts: MutableProfileCounts = {
    planned: plan.length,
    fetched: 0,
    alreadyStored: plan.length - todo.length,
    notFound: 0,
    failed: 0,
    earlierAttempts: 0,
  };
  let next = 0;
  let done = 0;
  const report = () =>
    ctx.progress('profiles', `${counts.fetched}/${todo.length} profiles`, {
      ...counts,
      done,
      total: todo.length,
    });
  report();
  const worker = async () => {
    while (next < todo.length && ctx.signal?.aborted !== true) {
      const candidate = todo[next++]!;
      if (await fetchOne(ctx, { jobId: candidate.jobId, attempt: lastAttempt(candidate) }, counts)) {
        for (let attempt = 0; attempt < lastAttempt(candidate); attempt++) {
          if (stored.has(`${candidate.jobId}#${attempt}`)) continue;
          await fetchEarlierAttempt(ctx, { jobId: candidate.jobId, attempt }, counts);
        }
      }
      done++;
      report();
    }
  };
  await Promise.all(Array.from({ length: Math.min(ctx.settings.maxConcurrency, todo.length) }, worker));
  const pool = await policyPool(ctx);
  return {
    ...counts,
    coverage: pool === undefined ? NO_COVERAGE : await profileCoverage(ctx.store.db, pool),
  };
}

interface AttemptRef {
  readonly jobId: string;
  readonly attempt: number;
}

/** The job's own (last) attempt; true when it is stored. */
async function fetchOne(ctx: LiveContext, ref: AttemptRef, counts: MutableProfileCounts): Promise<boolean> {
  try {
    const result = await ctx.client.fetchProfile(
      ref.jobId,
      ref.attempt,
      ctx.signal === undefined ? {} : { signal: ctx.signal },
    );
    if (result.kind === 'not-found') {
      counts.notFound++;
      await ctx.recordError({
        stage: 'profiles',
        item: profileFetchItem(ref.jobId),
        message: `${PROFILE_NOT_FOUND}: ${result.detail}`,
        hint: 'Dremio deletes profiles with their jobs (jobs.max.age_in_days); collect more often to keep them',
      });
      return false;
    }
    await storeProfile(ctx, ref, result);
    counts.fetched++;
    return true;
  } catch (error) {
    if (ctx.signal?.aborted === true) return false;
    counts.failed++;
    await ctx.recordError({
      stage: 'profiles',
      item: profileFetchItem(ref.jobId),
      message: messageOf(error),
    });
    return false;
  }
}

/** An earlier attempt is evidence only: losing one is recorded, and the job's profile still counts. */
async function fetchEarlierAttempt(
  ctx: LiveContext,
  ref: AttemptRef,
  counts: MutableProfileCounts,
): Promise<void> {
  const item = `job ${ref.jobId} attempt ${ref.attempt}`;
  try {
    const result = await ctx.client.fetchProfile(
      ref.jobId,
      ref.attempt,
      ctx.signal === undefined ? {} : { signal: ctx.signal },
    );
    if (result.kind === 'not-found') {
      await ctx.recordError({ stage: 'profiles', item, message: `profile not found: ${result.detail}` });
      return;
    }
    await storeProfile(ctx, ref, result);
    counts.earlierAttempts++;
  } catch (error) {
    if (ctx.signal?.aborted === true) return;
    await ctx.recordError({ stage: 'profiles', item, message: messageOf(error) });
  }
}

async function storeProfile(
  ctx: LiveContext,
  ref: AttemptRef,
  result: { readonly raw: unknown; readonly bytes: number; readonly via: string },
): Promise<void> {
  await storeFetchedProfile(ctx.store, { clusterId: ctx.clusterId, settings: ctx.settings, ref, result });
}

/** Stores a profile fetched from Dremio with its parsed summary (redacted and raw as the settings say). */
export async function storeFetchedProfile(
  store: Store,
  input: {
    readonly clusterId: bigint;
    readonly settings: Pick<CollectSettings, 'redactSql' | 'storeRawProfiles'>;
    readonly ref: { readonly jobId: string; readonly attempt: number };
    readonly result: { readonly raw: unknown; readonly bytes: number; readonly via: string };
  },
): Promise<ProfileSummary> {
  const { settings, ref, result } = input;
  const summary = summarizeProfile(result.raw, { attempt: ref.attempt });
  const text =
    settings.storeRawProfiles && !settings.redactSql ? stringifyLosslessJson(result.raw) : undefined;
  const stored = settings.redactSql ? redactSummary(summary) : summary;
  await upsertProfile(store.db, input.clusterId, {
    jobId: ref.jobId,
    attempt: ref.attempt,
    dremioVersion: summary.dremioVersion === '' ? null : summary.dremioVersion,
    sizeBytes: result.bytes,
    summary: stored,
    rawGzip: text === undefined ? null : gzipSync(text),
    source: 'live',
    sourceRef: `profile via ${result.via}`,
  });
  return stored;
}

function redactSummary(summary: ProfileSummary): ProfileSummary {
  return {
    ...summary,
    queryText: redact(summary.queryText),
    planText: redact(summary.planText),
    datasets: summary.datasets.map((d) => (d.sql === undefined ? d : { ...d, sql: redact(d.sql) })),
  };
}
