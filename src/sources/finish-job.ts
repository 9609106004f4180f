import type { JobPhaseDurations, JobRecord } from '../domain/job.js';
import { fingerprintSql } from '../sql/fingerprint.js';
import { redact } from '../sql/redact.js';
import { durationBetween, phasesFromTimestamps } from './job-phases.js';

/** A job as a reader produced it, before the product's own derivations. */
export type JobDraft = Omit<
  JobRecord,
  'fingerprint' | 'sqlText' | 'sqlRedacted' | 'phases' | 'durationMs'
> & {
  readonly sql: string | null;
  /** Set when the source reports durations itself (queries.json); otherwise derived from timestamps. */
  readonly phases?: JobPhaseDurations;
  readonly durationMs?: number | null;
};

export interface FinishOptions {
  /** Store only SQL with literals replaced (REDACT_SQL). The fingerprint is the same either way. */
  readonly redactSql: boolean;
}

/** Adds the fingerprint, phase durations and (when configured) redaction every source needs alike. */
export function finishJob(draft: JobDraft, options: FinishOptions): JobRecord {
  const { sql, phases, durationMs, ...rest } = draft;
  const fingerprint = sql === null || sql.trim() === '' ? null : fingerprintSql(sql).fingerprint;
  return {
    ...rest,
    fingerprint,
    sqlText: sql === null ? null : options.redactSql ? redact(sql) : sql,
    sqlRedacted: sql !== null && options.redactSql,
    phases: phases ?? phasesFromTimestamps(draft.timestamps),
    durationMs: durationMs ?? durationBetween(draft.timestamps.submittedAt, draft.timestamps.finalStateAt),
    raw: options.redactSql ? undefined : draft.raw,
  };
}
