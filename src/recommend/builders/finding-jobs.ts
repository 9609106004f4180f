import type { JobContext, WorkloadSnapshot } from '../../analysis/detector.js';
import type { Finding } from '../../domain/finding.js';

/** The jobs a set of findings names, each once, in the snapshot's order. */
export function jobsOfFindings(snapshot: WorkloadSnapshot, findings: readonly Finding[]): JobContext[] {
  const wanted = new Set(findings.flatMap((f) => f.jobIds));
  return snapshot.jobs.filter((c) => wanted.has(c.job.jobId));
}

/** A string-array evidence field, or an empty list when the finding lacks it. */
export function stringsOf(value: unknown): readonly string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
