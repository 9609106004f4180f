import type { Finding } from '../../domain/finding.js';
import type { RecommendationTarget } from '../../domain/recommendation.js';

/** A job-level finding's target: its fingerprint, or the job itself when the SQL had no fingerprint. */
export function targetOf(finding: Finding, datasetPath: string | null = null): RecommendationTarget {
  if (finding.subject.kind === 'fingerprint')
    return { kind: 'fingerprint', fingerprint: finding.subject.fingerprint, datasetPath };
  const jobId = finding.subject.kind === 'job' ? finding.subject.jobId : finding.id;
  return { kind: 'fingerprint', fingerprint: `job:${jobId}`, datasetPath };
}
