import { describe, expect, it } from 'vitest';
import {
  ANY_POSITIVE,
  buildContext,
  buildProfileSummary,
  buildStates,
  NO_STAKE,
  REAL_PROFILES,
  realHistoryContexts,
  realProfileContext,
} from '../../../test/support/profile-builder.js';
import type { JobContext } from '../detector.js';
import { type QueueWaitEvidence, queueWaitDetector } from './queue-wait.js';

const { defaults } = queueWaitDetector;

/** A job row (no profile) that queued `queuedMs` and ran one second. */
function queuedJob(
  queuedMs: number | null,
  options: { durationMs?: number; runsPerDay?: number } = {},
): JobContext {
  const base = buildContext().job;
  return buildContext({
    job: {
      durationMs: options.durationMs ?? (queuedMs ?? 0) + 1100,
      phases: { ...base.phases, queuedMs },
      queueName: 'High Cost User Queries',
    },
    ...(options.runsPerDay === undefined ? {} : { runsPerDay: options.runsPerDay }),
  });
}

describe('queue-wait detector', () => {
  const rungs = [
    { name: 'low: just over 10 s', queuedMs: 10_001, severity: 'low' },
    { name: 'medium: just over 1 min', queuedMs: 60_001, severity: 'medium' },
    { name: 'high: just over 5 min', queuedMs: 300_001, severity: 'high' },
    { name: 'critical: just over 15 min', queuedMs: 900_001, severity: 'critical' },
  ] as const;
  for (const rung of rungs) {
    it(`rates ${rung.name} from the job row alone`, () => {
      const hit = queueWaitDetector.detect(queuedJob(rung.queuedMs), defaults);
      expect(hit?.severity).toBe(rung.severity);
      const evidence = hit?.evidence as QueueWaitEvidence;
      expect(evidence.queuedMs).toBe(rung.queuedMs);
      expect(evidence.queueName).toBe('High Cost User Queries');
      expect(evidence.source).toBe('job');
      expect(hit?.timeAtStakeMs).toBe(rung.queuedMs);
    });
  }

  it('prefers the profile state list when there is one', () => {
    const profile = buildProfileSummary({
      durationMs: 95_060,
      states: buildStates({ planning: 50, queued: 94_000, running: 1000 }),
      stateDurationsMs: { ...buildProfileSummary().stateDurationsMs, queued: 94_000 },
    });
    const base = buildContext({ profile });
    const context = { ...base, job: { ...base.job, phases: { ...base.job.phases, queuedMs: 93_990 } } };
    const evidence = queueWaitDetector.detect(context, defaults)?.evidence as QueueWaitEvidence;
    expect(evidence.queuedMs).toBe(94_000);
    expect(evidence.source).toBe('profile');
  });

  it('stays silent just below the lowest rung', () => {
    expect(queueWaitDetector.detect(queuedJob(9_999), defaults)).toBeUndefined();
  });

  it("stays silent when the wait is under 5% of a long job's duration", () => {
    expect(queueWaitDetector.detect(queuedJob(30_000, { durationMs: 3_600_000 }), defaults)).toBeUndefined();
  });

  it('damps a long wait of a rare query', () => {
    expect(queueWaitDetector.detect(queuedJob(300_001, { runsPerDay: 0.01 }), defaults)).toBeUndefined();
    expect(queueWaitDetector.detect(queuedJob(300_001, { runsPerDay: 0.1 }), defaults)?.severity).toBe('low');
  });

  it('says nothing without a queued time', () => {
    expect(queueWaitDetector.detect(queuedJob(null), defaults)).toBeUndefined();
  });

  it('is silent on the real profiles, and reads their queued state', () => {
    for (const file of REAL_PROFILES) {
      expect(queueWaitDetector.detect(realProfileContext(file), defaults)).toBeUndefined();
    }
    // profile1.json: QUEUED starts at 1665659578144 and EXECUTION_PLANNING at 1665659578154.
    const hairTrigger = { queuedMs: ANY_POSITIVE, minTimeShare: 0, stake: NO_STAKE };
    const evidence = queueWaitDetector.detect(realProfileContext('dqd/profile1.json'), hairTrigger)
      ?.evidence as QueueWaitEvidence;
    expect(evidence.queuedMs).toBe(10);
    expect(evidence.durationMs).toBe(2422);
    expect(evidence.source).toBe('profile');
  });

  it('is silent on every job of the real history files, and reads their phase times', () => {
    const contexts = realHistoryContexts();
    expect(contexts.length).toBeGreaterThan(10);
    for (const context of contexts) expect(queueWaitDetector.detect(context, defaults)).toBeUndefined();
    // dqd/queries.json: query 1cd23e54-a463-39ae-e965-01e405244800 logged queuedTime 40.
    const hairTrigger = { queuedMs: ANY_POSITIVE, minTimeShare: 0, stake: NO_STAKE };
    const context = contexts.find((c) => c.job.jobId === '1cd23e54-a463-39ae-e965-01e405244800');
    const evidence =
      context && (queueWaitDetector.detect(context, hairTrigger)?.evidence as QueueWaitEvidence | undefined);
    expect(evidence?.queuedMs).toBe(40);
    expect(evidence?.source).toBe('job');
  });

  it('accepts its defaults and rejects a non-monotonic ladder', () => {
    expect(queueWaitDetector.schema.safeParse(defaults).success).toBe(true);
    const broken = { ...defaults, queuedMs: { ...defaults.queuedMs, critical: 1 } };
    expect(queueWaitDetector.schema.safeParse(broken).success).toBe(false);
  });
});
