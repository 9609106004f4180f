import type { DetectorId } from '../domain/detector-id.js';
import { type Finding, subjectKey } from '../domain/finding.js';
import { severityRank } from '../domain/severity.js';
import { withSpanSync } from '../observe/span.js';
import type { DetectorRun, NotEvaluated, UnseenSubject } from './analysis-report.js';
import type {
  Detector,
  DetectorNeed,
  DetectorThresholds,
  FindingDraft,
  JobContext,
  JobDetector,
  WorkloadDetector,
  WorkloadSnapshot,
} from './detector.js';
import { MISSING_NEED_REASONS, missingJobNeed, missingWorkloadNeed } from './detector-needs.js';
import { findingId } from './finding-id.js';
import { groupJobHits, type JobHitRecord } from './group-job-hits.js';
import type { ResolvedThresholds } from './resolve-thresholds.js';

export interface RunDetectorsOptions {
  readonly detectors: readonly Detector[];
  readonly thresholds: ResolvedThresholds;
  readonly snapshot: WorkloadSnapshot;
  /** Checked before each detector. */
  readonly signal?: AbortSignal;
}

/**
 * Runs every detector over the snapshot: job detectors on each job (skipping, and counting, the jobs
 * that lack an input the detector needs), workload detectors once. Findings get their stable ids and
 * come back sorted by impact per day, then severity, then id, so the output is deterministic.
 */
export function runDetectors(options: RunDetectorsOptions): DetectorRun {
  const findings: Finding[] = [];
  const notEvaluated: NotEvaluated[] = [];
  const evaluated: DetectorId[] = [];
  const unseenSubjects: UnseenSubject[] = [];
  for (const detector of options.detectors) {
    options.signal?.throwIfAborted();
    const thresholds = options.thresholds.get(detector.id);
    if (thresholds === undefined) throw new Error(`no resolved thresholds for detector ${detector.id}`);
    const run = withSpanSync(`detector.${detector.id}`, { scope: detector.scope }, (span) => {
      const single =
        detector.scope === 'job'
          ? runJobDetector(detector, { thresholds, snapshot: options.snapshot })
          : runWorkloadDetector(detector, { thresholds, snapshot: options.snapshot });
      span.setAttributes({
        issue_detected: single.findings.length > 0,
        findings: single.findings.length,
        severity: worstSeverity(single.findings) ?? 'none',
        evaluated: single.evaluated,
      });
      return single;
    });
    findings.push(...run.findings);
    notEvaluated.push(...run.notEvaluated);
    if (run.evaluated) evaluated.push(detector.id);
    for (const key of run.unseenSubjects ?? [])
      unseenSubjects.push({ detector: detector.id, subjectKey: key });
  }
  return { findings: sortFindings(findings), notEvaluated, evaluated, unseenSubjects };
}

interface SingleRun {
  readonly findings: readonly Finding[];
  readonly notEvaluated: readonly NotEvaluated[];
  readonly evaluated: boolean;
  readonly unseenSubjects?: readonly string[];
}

interface RunInput {
  readonly thresholds: DetectorThresholds;
  readonly snapshot: WorkloadSnapshot;
}

function runJobDetector(detector: JobDetector, input: RunInput): SingleRun {
  const hits: JobHitRecord[] = [];
  const skipped = new Map<DetectorNeed, number>();
  const failures: string[] = [];
  const seen = new Set<string>();
  const unseen = new Set<string>();
  let looked = 0;
  for (const context of input.snapshot.jobs) {
    // A results-cache hit executed nothing: no job detector's problem is on it, no change would speed it.
    if (context.resultsCacheHit === true) continue;
    const subject = jobSubjectKey(context);
    const missing = missingJobNeed(detector.needs, context);
    if (missing !== undefined) {
      skipped.set(missing, (skipped.get(missing) ?? 0) + 1);
      unseen.add(subject);
      continue;
    }
    looked++;
    try {
      const hit = detector.detect(context, input.thresholds);
      if (hit !== undefined) hits.push({ context, hit });
      seen.add(subject);
    } catch (error) {
      failures.push(`${context.job.jobId}: ${errorText(error)}`);
      unseen.add(subject);
    }
  }
  const totalJobs = input.snapshot.jobs.length;
  const failed: NotEvaluated[] =
    failures.length === 0
      ? []
      : [
          {
            detector: detector.id,
            missing: null,
            reason: `detector failed on ${failures.length} job(s), first ${failures[0]}`,
            skippedJobs: failures.length,
            totalJobs,
          },
        ];
  return {
    findings: groupJobHits({
      detector: detector.id,
      stake: input.thresholds.stake,
      hits,
      fingerprints: input.snapshot.fingerprints,
    }),
    notEvaluated: [
      ...[...skipped].map(([missing, skippedJobs]) => ({
        detector: detector.id,
        missing,
        reason: MISSING_NEED_REASONS[missing],
        skippedJobs,
        totalJobs,
      })),
      ...failed,
    ],
    evaluated: looked > failures.length,
    unseenSubjects: [...unseen].filter((key) => !seen.has(key)),
  };
}

/** The subject `groupJobHits` gives a job's finding: its fingerprint, or the job when it has none. */
function jobSubjectKey(context: JobContext): string {
  const { job } = context;
  return job.fingerprint === null
    ? subjectKey({ kind: 'job', jobId: job.jobId })
    : subjectKey({ kind: 'fingerprint', fingerprint: job.fingerprint, sampleSql: null });
}

function runWorkloadDetector(detector: WorkloadDetector, input: RunInput): SingleRun {
  const missing = missingWorkloadNeed(detector.needs, input.snapshot);
  if (missing !== undefined) {
    const totalJobs = input.snapshot.jobs.length;
    return {
      findings: [],
      notEvaluated: [
        {
          detector: detector.id,
          missing,
          reason: MISSING_NEED_REASONS[missing],
          skippedJobs: 0,
          totalJobs,
        },
      ],
      evaluated: false,
    };
  }
  try {
    const drafts = detector.detect(input.snapshot, input.thresholds);
    return { findings: mergeDrafts(detector.id, drafts), notEvaluated: [], evaluated: true };
  } catch (error) {
    const totalJobs = input.snapshot.jobs.length;
    const reason = `detector failed: ${errorText(error)}`;
    return {
      findings: [],
      notEvaluated: [{ detector: detector.id, missing: null, reason, skippedJobs: 0, totalJobs }],
      evaluated: false,
    };
  }
}

/** A detector reporting one subject twice yields one finding: the worse draft, with both job lists. */
function mergeDrafts(detector: DetectorId, drafts: readonly FindingDraft[]): Finding[] {
  const byId = new Map<string, Finding>();
  for (const draft of drafts) {
    const id = findingId(detector, draft.subject);
    const finding: Finding = { id, detector, ...draft, jobIds: [...draft.jobIds] };
    const seen = byId.get(id);
    if (seen === undefined) {
      byId.set(id, finding);
      continue;
    }
    const [keep, other] =
      severityRank(finding.severity) > severityRank(seen.severity) ? [finding, seen] : [seen, finding];
    byId.set(id, { ...keep, jobIds: [...new Set([...keep.jobIds, ...other.jobIds])] });
  }
  return [...byId.values()];
}

export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      b.impactMsPerDay - a.impactMsPerDay ||
      severityRank(b.severity) - severityRank(a.severity) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

function worstSeverity(findings: readonly Finding[]): Finding['severity'] | undefined {
  let worst: Finding['severity'] | undefined;
  for (const f of findings)
    if (worst === undefined || severityRank(f.severity) > severityRank(worst)) worst = f.severity;
  return worst;
}

/** A detector is pure code over parsed input; if one still throws, the others and the report go on. */
function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
