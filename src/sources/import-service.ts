import { setImmediate } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import type { JobDraft, JobRecord } from '../domain/job.js';
import type { ProfileSummary } from '../domain/profile-summary.js';
import { stringifyLosslessJson } from '../json/lossless-json.js';
import type { ArchiveLimits } from '../profile/archive-limits.js';
import { MISSING_JOB_ID } from '../profile/job-id.js';
import { finishJob } from '../sql/finish-job.js';
import { redact } from '../sql/redact.js';
import {
  ensureCluster,
  finishRun,
  recordCollectionError,
  type Store,
  startRun,
  upsertDataset,
  upsertJobs,
  upsertProfile,
} from '../store/index.js';
import { textSafeJson } from '../store/text-safe-json.js';
import { type ImportProblem, ImportState, type ImportSummary } from './offline/import-state.js';
import {
  type InputFile,
  type InputListing,
  listInputFiles,
  readDocuments,
} from './offline/input-documents.js';
import { type ParsedProfile, parseDocument } from './offline/parse-document.js';
import { checkJobDraft } from './offline/record-checks.js';

export type { ImportProblem, ImportSummary };

import { jobFromProfileSummary } from '../profile/profile-job.js';
import { type AttemptInput, type OrderedAttempt, orderAttempts } from './profile-attempts.js';
import { recordDetectedChanges } from './record-changes.js';

export interface ImportOptions {
  readonly paths: readonly string[];
  /** The cluster the rows belong to (default `offline`). */
  readonly clusterName: string;
  readonly redactSql: boolean;
  readonly storeRawProfiles: boolean;
  readonly limits: ArchiveLimits;
  /** Parse and count everything, write nothing. */
  readonly dryRun?: boolean;
  readonly onProgress?: (progress: ImportProgress) => void;
  /** Stops between files; the run is recorded as failed and what was written stays. */
  readonly signal?: AbortSignal;
}

export interface ImportProgress {
  readonly filesDone: number;
  readonly filesTotal: number;
  readonly jobsRead: number;
  readonly problems: number;
}

const JOB_BATCH = 2000;

/**
 * Imports offline files — profile JSON and support ZIPs, tar bundles, `queries.json` logs (also gzipped
 * and archived), `sys.jobs_recent`/`sys.project.history.jobs` exports and NDJSON — into the same tables
 * live collection fills. One bad file, line or row is reported and skipped; re-importing changes nothing.
 */
export async function importFiles(store: Store, options: ImportOptions): Promise<ImportSummary> {
  // The import's own observation time, as a collection's start: when changes found were learned of.
  const observedAt = new Date();
  const dryRun = options.dryRun === true;
  const cluster = dryRun
    ? undefined
    : await ensureCluster(store.db, { name: options.clusterName, kind: 'unknown' });
  const runId =
    cluster === undefined
      ? null
      : await startRun(store.db, {
          clusterId: cluster.id,
          kind: 'import',
          options: { paths: options.paths },
        });
  const ctx: ImportContext = {
    store,
    clusterId: cluster?.id,
    options,
    state: new ImportState(),
    pending: [],
  };
  let files: readonly InputFile[] = [];
  try {
    files = readAll(ctx, listInputFiles(options.paths));
    await readFiles(ctx, files);
  } catch (error) {
    // Whatever escaped the per-record handling must not leave the run looking as if it still ran.
    if (cluster !== undefined && runId !== null)
      await finishRun(store.db, { runId, status: 'failed', counts: {}, error: (error as Error).message });
    throw error;
  }
  const read = ctx.state.summary({ runId, clusterName: options.clusterName, files: files.length, dryRun });
  const summary =
    cluster === undefined
      ? read
      : {
          ...read,
          changes: await recordDetectedChanges(store.db, {
            clusterId: cluster.id,
            observed: [],
            detectedAt: observedAt,
          }),
        };
  if (cluster !== undefined && runId !== null)
    await recordRun(store, { clusterId: cluster.id, runId, summary });
  return summary;
}

interface ImportContext {
  readonly store: Store;
  readonly clusterId: bigint | undefined;
  readonly options: ImportOptions;
  readonly state: ImportState;
  pending: JobRecord[];
}

function readAll(ctx: ImportContext, listing: InputListing): readonly InputFile[] {
  for (const path of listing.missing) ctx.state.problem({ where: path, reason: 'no such file or directory' });
  for (const w of listing.warnings) ctx.state.warn(w);
  return listing.files;
}

async function readFiles(ctx: ImportContext, files: readonly InputFile[]): Promise<void> {
  const { state, options } = ctx;
  const headerRefs: string[] = [];
  const profileScopes = new Set<string>();
  options.onProgress?.({
    filesDone: 0,
    filesTotal: files.length,
    jobsRead: 0,
    problems: state.problems.length,
  });
  for (const [index, file] of files.entries()) {
    options.signal?.throwIfAborted();
    const fileProfiles: AttemptInput<ProfileItem>[] = [];
    for (const outcome of readDocuments(file.path, options.limits)) {
      if (!outcome.ok) {
        if (outcome.warning === true) state.warn({ where: outcome.ref, reason: outcome.reason });
        else state.problem({ where: outcome.ref, reason: outcome.reason });
        continue;
      }
      let parsed: ReturnType<typeof parseDocument>;
      try {
        parsed = parseDocument(outcome.document);
      } catch (error) {
        state.problem({ where: outcome.document.ref, reason: `unreadable: ${(error as Error).message}` });
        continue;
      }
      state.count(parsed.format);
      if (parsed.format === 'unknown') {
        const notOurs = {
          where: outcome.document.ref,
          reason:
            'not a format we import (profile, support ZIP, queries.json, a job-history export or a catalog entry)',
        };
        // A directory holds READMEs and other tools' files too; only a file named on purpose is a problem.
        if (file.inDirectory) state.skip(notOurs);
        else state.problem(notOurs);
      }
      if (parsed.format === 'support-header') headerRefs.push(outcome.document.ref);
      for (const dataset of parsed.datasets) {
        if (ctx.clusterId !== undefined) await upsertDataset(ctx.store.db, ctx.clusterId, dataset);
        state.addDataset();
      }
      // Batches are written as they fill, so a large log is never held whole as jobs.
      for (const record of parsed.records) {
        if (!record.ok) state.problem({ where: record.where, reason: record.reason });
        else {
          const job = checkedJob(ctx, record.job, outcome.document.ref);
          if (job !== undefined) ctx.pending.push(job);
        }
        if (ctx.pending.length >= JOB_BATCH) await flush(ctx);
      }
      for (const p of parsed.problems) state.problem(p);
      for (const profile of parsed.profiles) {
        profileScopes.add(bundleScope(outcome.document.ref));
        fileProfiles.push({
          summary: profile.summary,
          ref: outcome.document.ref,
          item: profileItem(ctx, profile),
        });
      }
    }
    if (fileProfiles.length > 0) await flush(ctx);
    for (const attempt of orderAttempts(fileProfiles)) await storeProfile(ctx, attempt);
    options.onProgress?.({
      filesDone: index + 1,
      filesTotal: files.length,
      jobsRead: state.jobsRead + ctx.pending.length,
      problems: state.problems.length,
    });
  }
  await flush(ctx);
  for (const ref of headerRefs.filter((r) => !profileScopes.has(bundleScope(r)))) {
    state.problem({
      where: ref,
      reason:
        "a support bundle's header.json alone holds no profile, so nothing was imported from it; " +
        'import the whole support ZIP (header.json with its profile_attempt_N.json files)',
    });
  }
}

/** The finished job, or undefined when a value in it rejects the record (reported). */
function checkedJob(ctx: ImportContext, draft: JobDraft, ref: string): JobRecord | undefined {
  const where = draft.sourceRef ?? ref;
  const checked = checkJobDraft(draft);
  if (!checked.ok) {
    ctx.state.problem({ where, reason: checked.reason });
    return undefined;
  }
  for (const reason of checked.warnings) ctx.state.warn({ where, reason });
  return finishJob(checked.draft, { redactSql: ctx.options.redactSql });
}

async function flush(ctx: ImportContext): Promise<void> {
  // Parsing is synchronous: without a turn of the event loop between batches, timers (progress, the
  // heap governor that collects garbage near the live size) would not run until the file is done.
  await setImmediate();
  if (ctx.pending.length === 0) return;
  const batch = ctx.pending;
  ctx.pending = [];
  if (ctx.clusterId === undefined) {
    ctx.state.addJobs({ inserted: batch.length, updated: 0, unchanged: 0 });
    return;
  }
  try {
    ctx.state.addJobs(await upsertJobs(ctx.store.db, ctx.clusterId, batch));
  } catch {
    // A value the checks did not foresee: find the record the store refuses, keep the rest of the batch.
    for (const job of batch) {
      try {
        ctx.state.addJobs(await upsertJobs(ctx.store.db, ctx.clusterId, [job]));
      } catch (error) {
        ctx.state.problem({
          where: job.sourceRef ?? job.jobId,
          reason: `job ${job.jobId} not stored: ${(error as Error).message}`,
        });
      }
    }
  }
}

async function recordRun(
  store: Store,
  input: { clusterId: bigint; runId: bigint; summary: ImportSummary },
): Promise<void> {
  const { clusterId, runId, summary } = input;
  const entries = [
    ...summary.problems.map((p) => ({ stage: 'import', item: p.where, message: p.reason })),
    ...summary.warnings.map((p) => ({ stage: 'import-warning', item: p.where, message: p.reason })),
  ];
  for (const error of entries) await recordCollectionError(store.db, { runId, clusterId, error });
  await finishRun(store.db, {
    runId,
    status: summary.problems.length === 0 ? 'succeeded' : 'partial',
    counts: {
      files: summary.files,
      documents: summary.documents,
      jobs: summary.jobs,
      profiles: summary.profiles,
      datasets: summary.datasets,
      problems: summary.problems.length,
      warnings: summary.warnings.length,
      ...(summary.changes === undefined ? {} : { changes: summary.changes }),
    },
  });
}

// The folder or archive a document sits in: a header.json belongs with the profiles beside it.
function bundleScope(ref: string): string {
  return ref.slice(0, Math.max(ref.lastIndexOf('/'), ref.lastIndexOf('!')) + 1);
}

/** What is kept of a profile until its file's attempts are ordered: never its text, which can be large. */
interface ProfileItem {
  readonly summary: ProfileSummary;
  readonly sizeBytes: number;
  readonly rawGzip: Uint8Array | null;
}

function profileItem(ctx: ImportContext, profile: ParsedProfile): ProfileItem {
  const keepRaw = ctx.options.storeRawProfiles && !ctx.options.redactSql && ctx.clusterId !== undefined;
  return {
    summary: profile.summary,
    sizeBytes: Buffer.byteLength(profile.text),
    rawGzip: keepRaw ? gzipSync(profile.text) : null,
  };
}

async function storeProfile(ctx: ImportContext, attempt: OrderedAttempt<ProfileItem>): Promise<void> {
  const { options, state } = ctx;
  const { item: profile, ref, job: jobFacts } = attempt;
  if (profile.summary.jobId === MISSING_JOB_ID) {
    state.problem({
      where: ref,
      reason:
        'the profile has no job id (id.part1/id.part2), so it cannot be attributed to a job and was not imported; ' +
        'download it again with its id (job page or support ZIP); without an id it can only be summarised on its own',
    });
    return;
  }
  const summary = options.redactSql ? redactSummary(profile.summary) : profile.summary;
  // Only the last attempt describes the job; the job row exists by the time earlier attempts are stored.
  const draft =
    jobFacts === undefined
      ? undefined
      : {
          ...jobFromProfileSummary(profile.summary, { sourceRef: ref }),
          attemptCount: jobFacts.attemptCount,
          raw:
            jobFacts.earlierAttempts.length === 0 ? undefined : { earlierAttempts: jobFacts.earlierAttempts },
        };
  const job = draft === undefined ? undefined : checkedJob(ctx, draft, ref);
  // A profile without its job row would describe a job the store does not know.
  if (draft !== undefined && job === undefined) return;
  if (changedByStore(stringifyLosslessJson(summary)))
    state.warn({
      where: ref,
      reason: 'the profile holds NUL characters or unpaired surrogates; stored with U+FFFD in their place',
    });
  const clusterId = ctx.clusterId;
  if (clusterId === undefined) {
    if (job !== undefined) state.addJobs({ inserted: 1, updated: 0, unchanged: 0 });
    state.addProfile('inserted');
    return;
  }
  try {
    // The job and its profile are stored together or not at all.
    const [jobs, stored] = await ctx.store.db.transaction().execute(
      async (trx) =>
        [
          job === undefined ? undefined : await upsertJobs(trx, clusterId, [job]),
          await upsertProfile(trx, clusterId, {
            jobId: summary.jobId,
            attempt: summary.attempt,
            dremioVersion: summary.dremioVersion === '' ? null : summary.dremioVersion,
            sizeBytes: profile.sizeBytes,
            summary,
            rawGzip: profile.rawGzip,
            source: 'file',
            sourceRef: ref,
          }),
        ] as const,
    );
    if (jobs !== undefined) state.addJobs(jobs);
    state.addProfile(stored);
  } catch (error) {
    state.problem({
      where: ref,
      reason: `profile of job ${summary.jobId} not stored: ${(error as Error).message}`,
    });
  }
}

function changedByStore(json: string): boolean {
  return textSafeJson(json) !== json;
}

/** With REDACT_SQL no literal may be stored: the query, the plan and view definitions carry them. */
function redactSummary(summary: ProfileSummary): ProfileSummary {
  return {
    ...summary,
    queryText: redact(summary.queryText),
    planText: redact(summary.planText),
    datasets: summary.datasets.map((d) => (d.sql === undefined ? d : { ...d, sql: redact(d.sql) })),
  };
}
