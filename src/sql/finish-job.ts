import type { JobDraft, JobRecord } from '../domain/job.js';
import { durationBetween, phasesFromTimestamps } from '../domain/job-phases.js';
import { fingerprintSql } from './fingerprint.js';
import { redact } from './redact.js';

export interface FinishOptions {
  /** Store only SQL with literals replaced (REDACT_SQL). The fingerprint is the same either way. */
  readonly redactSql: boolean;
}

/**
 * Adds the fingerprint, phase durations and (when configured) redaction every job record needs alike:
 * the sources' and the one `analyze-profile` derives from a profile.
 */
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
