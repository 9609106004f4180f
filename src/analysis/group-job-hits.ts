import type { DetectorId } from '../domain/detector-id.js';
import type { Evidence, Finding, FindingSubject, ThresholdCrossed } from '../domain/finding.js';
import { minSeverity, severityRank } from '../domain/severity.js';
import type { FingerprintGroup, JobContext, JobHit } from './detector.js';
import { findingId } from './finding-id.js';
import { rate } from './ladder.js';
import type { StakeThresholds } from './stake.js';

/** One job detector's verdict on one job. */
export interface JobHitRecord {
  readonly context: JobContext;
  readonly hit: JobHit;
}

export interface GroupJobHitsOptions {
  readonly detector: DetectorId;
  readonly stake: StakeThresholds;
  /** In snapshot order (oldest job first). */
  readonly hits: readonly JobHitRecord[];
  readonly fingerprints: ReadonlyMap<string, FingerprintGroup>;
}

/**
 * Turns a job detector's hits into findings: one per fingerprint (every affected job listed), or one
 * per job when the job has no fingerprint. The worst hit supplies the title, confidence and evidence;
 * the impact is the time at stake summed over the affected runs and scaled to a day, and the severity
 * is the worst hit's, damped by that impact — a problem in 1 run of 500 is not as bad as in all 500.
 */
export function groupJobHits(options: GroupJobHitsOptions): Finding[] {
  const byKey = new Map<string, JobHitRecord[]>();
  for (const record of options.hits) {
    const key = record.context.job.fingerprint ?? `\u0000job:${record.context.job.jobId}`;
    const list = byKey.get(key);
    if (list === undefined) byKey.set(key, [record]);
    else list.push(record);
  }
  const findings: Finding[] = [];
  for (const records of byKey.values()) findings.push(toFinding(options, records));
  return findings;
}

function toFinding(options: GroupJobHitsOptions, records: readonly JobHitRecord[]): Finding {
  const worst = records.reduce((a, b) => (isWorse(b, a) ? b : a));
  const job = worst.context.job;
  const group = job.fingerprint === null ? undefined : options.fingerprints.get(job.fingerprint);
  const subject: FindingSubject =
    job.fingerprint === null
      ? { kind: 'job', jobId: job.jobId }
      : { kind: 'fingerprint', fingerprint: job.fingerprint, sampleSql: group?.sampleSql ?? job.sqlText };
  const totalTimeAtStakeMs = records.reduce((sum, r) => sum + r.hit.timeAtStakeMs, 0);
  // Executed runs, as `runsPerDay` counts them: a cache hit is neither at stake nor a run.
  const runCount = Math.max((group?.jobs.length ?? 0) - (group?.cacheHits ?? 0), records.length);
  const runsPerDay = group?.runsPerDay ?? worst.context.runsPerDay;
  const impactMsPerDay = (totalTimeAtStakeMs * runsPerDay) / runCount;
  const impactRating = rate(impactMsPerDay, options.stake.impactMsPerDay);
  const impactSeverity = impactRating.severity ?? 'low';
  const impactCrossed: ThresholdCrossed = {
    quantity: 'impactMsPerDay',
    value: impactMsPerDay,
    unit: 'ms/day',
    threshold: impactRating.threshold,
    severity: impactSeverity,
  };
  const evidence: Evidence = {
    ...worst.hit.evidence,
    exampleJobId: job.jobId,
    affectedJobCount: records.length,
    runCount,
    totalTimeAtStakeMs,
    thresholds: [
      ...worst.hit.evidence.thresholds.filter((t) => t.quantity !== 'impactMsPerDay'),
      impactCrossed,
    ],
  };
  return {
    id: findingId(options.detector, subject),
    detector: options.detector,
    severity: minSeverity(worst.hit.severity, impactSeverity),
    confidence: worst.hit.confidence,
    title: worst.hit.title,
    subject,
    jobIds: records.map((r) => r.context.job.jobId),
    evidence,
    impactMsPerDay,
  };
}

/** Higher severity first, then more time at stake, then the later job, so the choice is deterministic. */
function isWorse(a: JobHitRecord, b: JobHitRecord): boolean {
  const bySeverity = severityRank(a.hit.severity) - severityRank(b.hit.severity);
  if (bySeverity !== 0) return bySeverity > 0;
  if (a.hit.timeAtStakeMs !== b.hit.timeAtStakeMs) return a.hit.timeAtStakeMs > b.hit.timeAtStakeMs;
  return a.context.job.jobId > b.context.job.jobId;
}
