import { z } from 'zod';
import { analyzeWorkload } from '../analysis/analysis-service.js';
import type { Finding } from '../domain/finding.js';
import type { JobRecord } from '../domain/job.js';
import type { Recommendation } from '../domain/recommendation.js';
import { SEVERITIES } from '../domain/severity.js';
import { NotFoundError } from '../errors.js';
import { jobFromProfileSummary } from '../profile/profile-job.js';
import { summarizeProfile } from '../profile/summarize.js';
import { recommendAndSave } from '../recommend/recommend-service.js';
import { jobFromHistoryRow } from '../sources/history-row.js';
import { storeFetchedProfile } from '../sources/live/profiles-stage.js';
import { finishJob } from '../sql/finish-job.js';
import { jobTimeRange } from '../store/analysis-snapshot-repository.js';
import { ensureCluster, upsertJobs } from '../store/index.js';
import { dremioOf, withClusterDeps } from './app-deps.js';
import { configuredCluster } from './configured-clusters.js';
import { analysisOptionsFromConfig, collectSettingsFromConfig } from './options-from-config.js';
import { defineService } from './service.js';

const DAY_MS = 86_400_000;
/** Days of history analysed before the job when it is older than the default window. */
const DAYS_BEFORE_JOB = 7;

export const optimizeJobInput = z.object({
  jobId: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/, 'a Dremio job id (letters, digits, - and _)')
    .describe('The Dremio job id'),
  cluster: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe('Name of the cluster in the store; default the Dremio host or Cloud project'),
  at: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('Time stamped on the findings (ISO 8601); default the time of the call'),
});

export const optimizedJobOutput = z.object({
  jobId: z.string(),
  fingerprint: z.string().nullable(),
  userName: z.string().nullable(),
  queryType: z.string().nullable(),
  state: z.string().nullable(),
  submittedAt: z.string(),
  durationMs: z.number().nullable(),
  queueName: z.string().nullable(),
  engine: z.string().nullable(),
  accelerated: z.boolean().nullable(),
  attemptCount: z.number().nullable(),
  errorMessage: z.string().nullable(),
  sqlText: z.string().nullable().describe('As stored: redacted when SQL redaction is on'),
});

export const jobFindingOutput = z.object({
  id: z.string(),
  detector: z.string(),
  severity: z.enum(SEVERITIES),
  confidence: z.number(),
  title: z.string(),
  impactMsPerDay: z.number(),
  jobCount: z.number().describe('Jobs this finding covers, the optimised one among them'),
});

export const jobRecommendationOutput = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  action: z.string(),
  sql: z.string().nullable(),
  status: z.string(),
  findingIds: z.array(z.string()),
  estimatedSavingsMsPerDay: z.number(),
  netBenefitMsPerDay: z.number(),
  confidence: z.number(),
});

export const optimizeJobOutput = z.object({
  clusterName: z.string(),
  job: optimizedJobOutput,
  profile: z
    .object({ attempt: z.number(), fetched: z.boolean() })
    .describe('The profile analysed: the job’s last attempt; fetched false when Dremio no longer has it'),
  findings: z.array(jobFindingOutput),
  recommendations: z.array(jobRecommendationOutput),
});
export type OptimizeJobOutput = z.input<typeof optimizeJobOutput>;

/**
 * One job, now: reads its history row and profile from Dremio, stores them as collection would,
 * analyses the window that holds it and recommends. Returns the findings on that job and what to do.
 */
export const optimizeJob = defineService({
  name: 'optimize.job',
  summary: 'Fetch one job and its profile from Dremio, analyse it in its workload, and recommend',
  input: optimizeJobInput,
  output: optimizeJobOutput,
  async run(outer, options) {
    const target = configuredCluster(outer.config, options.cluster);
    return withClusterDeps(outer, target, async (deps) => {
      const client = dremioOf(deps);
      const signal = deps.signal === undefined ? {} : { signal: deps.signal };
      const settings = collectSettingsFromConfig(deps.config, { clusterName: target.name });
      const deployment = await client.deployment(signal);
      const cluster = await ensureCluster(deps.store.db, {
        name: settings.clusterName,
        kind: deployment.kind,
        version: deployment.version,
        edition: deployment.enterprise ? 'enterprise' : 'oss',
        projectId: deployment.projectId === '' ? null : deployment.projectId,
      });
      const notFound = () =>
        new NotFoundError(`Dremio has no job ${options.jobId} (nor its profile)`, {
          entity: 'job',
          id: options.jobId,
          field: 'jobId',
          hint: 'Dremio keeps jobs for jobs.max.age_in_days; older ones are only in the store if collected',
        });

      // The history row is the job's record (every attempt, final times); old Software has none by SQL.
      let job: JobRecord | undefined;
      if (deployment.historyTable !== 'jobs-listing') {
        const sql = `SELECT ${deployment.historyColumns.join(', ')} FROM ${deployment.historyTable} WHERE job_id IN ('${options.jobId}')`;
        const { rows } = await client.collectSql(sql, signal);
        const mapped =
          rows[0] === undefined
            ? undefined
            : jobFromHistoryRow(rows[0], { source: 'live', sourceRef: deployment.historyTable });
        if (mapped?.ok === true) job = finishJob(mapped.job, { redactSql: settings.redactSql });
      }
      deps.signal?.throwIfAborted();
      const attempt = Math.max(1, job?.attemptCount ?? 1) - 1;
      const fetched = await client.fetchProfile(options.jobId, attempt, signal);
      if (job === undefined) {
        if (fetched.kind === 'not-found') throw notFound();
        // A profile belongs to a stored job: without a history row, the job comes from its profile.
        const summary = summarizeProfile(fetched.raw, { attempt });
        job = finishJob(
          { ...jobFromProfileSummary(summary, { sourceRef: `profile via ${fetched.via}` }), source: 'live' },
          {
            redactSql: settings.redactSql,
          },
        );
      }
      await upsertJobs(deps.store.db, cluster.id, [job]);
      if (fetched.kind !== 'not-found') {
        await storeFetchedProfile(deps.store, {
          clusterId: cluster.id,
          settings,
          ref: { jobId: options.jobId, attempt },
          result: fetched,
        });
      }
      deps.signal?.throwIfAborted();

      const range = await jobTimeRange(deps.store.db, cluster.id);
      const submitted = job.timestamps.submittedAt.getTime();
      const defaultStart = (range?.newest.getTime() ?? submitted) - 30 * DAY_MS;
      const report = await analyzeWorkload(deps.store, {
        clusterName: settings.clusterName,
        ...analysisOptionsFromConfig(deps.config),
        ...(submitted < defaultStart ? { since: new Date(submitted - DAYS_BEFORE_JOB * DAY_MS) } : {}),
        ...(options.at === undefined ? {} : { now: new Date(options.at) }),
        recommender: (input) => recommendAndSave(deps.store, input),
      });
      const findings = report.findings.filter((f) => onJob(f, options.jobId));
      const ids = new Set(findings.map((f) => f.id));
      const recommendations = report.recommendations.filter(
        (r) => r.jobIds.includes(options.jobId) || r.findingIds.some((id) => ids.has(id)),
      );
      return {
        clusterName: settings.clusterName,
        job: jobWire(job),
        profile: { attempt, fetched: fetched.kind !== 'not-found' },
        findings: findings.map(findingWire),
        recommendations: recommendations.map(recommendationWire),
      };
    });
  },
});

function onJob(f: Finding, jobId: string): boolean {
  return f.jobIds.includes(jobId) || (f.subject.kind === 'job' && f.subject.jobId === jobId);
}

function jobWire(j: JobRecord): z.input<typeof optimizedJobOutput> {
  return {
    jobId: j.jobId,
    fingerprint: j.fingerprint,
    userName: j.userName,
    queryType: j.queryType,
    state: j.state,
    submittedAt: j.timestamps.submittedAt.toISOString(),
    durationMs: j.durationMs,
    queueName: j.queueName,
    engine: j.engine,
    accelerated: j.accelerated,
    attemptCount: j.attemptCount,
    errorMessage: j.errorMessage,
    sqlText: j.sqlText,
  };
}

function findingWire(f: Finding): z.input<typeof jobFindingOutput> {
  return {
    id: f.id,
    detector: f.detector,
    severity: f.severity,
    confidence: f.confidence,
    title: f.title,
    impactMsPerDay: f.impactMsPerDay,
    jobCount: f.jobIds.length,
  };
}

function recommendationWire(r: Recommendation): z.input<typeof jobRecommendationOutput> {
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    action: r.action,
    sql: r.sql,
    status: r.status,
    findingIds: [...r.findingIds],
    estimatedSavingsMsPerDay: r.estimatedSavingsMsPerDay,
    netBenefitMsPerDay: r.netBenefitMsPerDay,
    confidence: r.confidence,
  };
}
