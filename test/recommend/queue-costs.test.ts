import { describe, expect, it } from 'vitest';
import { buildQueueChanges } from '../../src/recommend/builders/workload-management.js';
import { buildJob } from '../support/job-builder.js';
import { context, DAY_MS, finding, WINDOW_DAYS, WINDOW_TO } from './cost-support.js';

const START = WINDOW_TO.getTime() - 3 * DAY_MS;
const GIB = 1024 ** 3;
const HOURS_42 = 42 * 3_600_000;

function queued(
  jobId: string,
  o: { enqueuedS: number; waitS: number; runMs: number; runS?: number; queue?: string },
) {
  const enqueued = START + o.enqueuedS * 1000;
  const started = enqueued + o.waitS * 1000;
  const base = buildJob({ jobId });
  return buildJob({
    jobId,
    queueName: o.queue ?? 'High Cost User Queries',
    memoryAllocatedBytes: BigInt(2 * GIB),
    timestamps: {
      ...base.timestamps,
      queryEnqueuedAt: new Date(enqueued),
      executionStartAt: new Date(started),
      finalStateAt: new Date(started + (o.runS ?? 1) * 1000),
    },
    phases: { ...base.phases, queuedMs: o.waitS * 1000, runningMs: o.runMs },
  });
}

// Two 42-hour queries hold the queue while three short ones wait 20, 30 and 40 s.
const jobs = [
  queued('long-1', { enqueuedS: 0, waitS: 0, runMs: HOURS_42, runS: HOURS_42 / 1000 }),
  queued('long-2', { enqueuedS: 0, waitS: 0, runMs: HOURS_42, runS: HOURS_42 / 1000 }),
  queued('w1', { enqueuedS: 10, waitS: 20, runMs: 1000 }),
  queued('w2', { enqueuedS: 15, waitS: 30, runMs: 1000 }),
  queued('w3', { enqueuedS: 20, waitS: 40, runMs: 1000 }),
];
const f = finding({
  detector: 'queue-wait',
  subject: { kind: 'fingerprint', fingerprint: 'fp', sampleSql: 'SELECT 1' },
  jobIds: ['w1', 'w2', 'w3'],
});

describe('queue advice costs', () => {
  it('states the memory the added slots take and credits only what they can absorb', () => {
    const [draft] = buildQueueChanges(
      context(jobs, {
        findings: [f],
        settings: { cluster: { kind: 'software', version: '25.1.1', edition: 'enterprise' } },
      }),
    );
    // Peak running 3 (the two long ones and one short at a time), peak waiting 3 (10–30, 15–45, 20–60 s).
    expect(draft!.title).toBe('Give queue "High Cost User Queries" room for 6 concurrent queries');
    expect(draft!.cost.basis).toContain(
      '3 more slots × 2.0 GiB per query (median allocated) = 6.0 GiB more memory',
    );
    expect(draft!.evidence.addedMemoryBytes).toBe(6 * GIB);
    // Busy share: (2 × 42 h + 3 × 1 s) of running over 3 slots × 7 days = 302 403 000 / 1 814 400 000.
    const busy = (2 * HOURS_42 + 3000) / (3 * WINDOW_DAYS * DAY_MS);
    expect(draft!.evidence.busyShare).toBe(Math.round(busy * 1000) / 1000);
    // 90 s of waits × (1 − 0.1667) over 7 days ≈ 10 714 ms a day, not all 12 857.
    expect(draft!.payoff.savingsMsPerDay).toBeCloseTo((90_000 * (1 - busy)) / 7, 6);
    expect(draft!.payoff.savingsMsPerDay).toBeLessThan(90_000 / 7);
  });

  it('gives no queue advice on an edition without Workload Management', () => {
    const oss = context(jobs, {
      findings: [f],
      settings: { cluster: { kind: 'software', version: '25.1.1', edition: 'oss' } },
    });
    expect(buildQueueChanges(oss)).toEqual([]);
  });

  it('on OSS raises the fixed LARGE queue with its support option, with the same numbers', () => {
    const large = jobs.map((j) =>
      queued(j.jobId, {
        enqueuedS: (j.timestamps.queryEnqueuedAt!.getTime() - START) / 1000,
        waitS: (j.phases.queuedMs ?? 0) / 1000,
        runMs: j.phases.runningMs ?? 0,
        runS: (j.timestamps.finalStateAt!.getTime() - j.timestamps.executionStartAt!.getTime()) / 1000,
        queue: 'LARGE',
      }),
    );
    const [draft] = buildQueueChanges(
      context(large, {
        findings: [f],
        settings: { cluster: { kind: 'software', version: '24.3.2', edition: 'oss' } },
      }),
    );
    // Peak running 3 + peak waiting 3, as above; OSS has no WLM rule, only exec.queue.large (default 10).
    expect(draft!.kind).toBe('set-option');
    expect(draft!.sql).toBe('ALTER SYSTEM SET "exec.queue.large" = 6');
    expect(draft!.target).toEqual({ kind: 'queue', queueName: 'LARGE' });
    const busy = (2 * HOURS_42 + 3000) / (3 * WINDOW_DAYS * DAY_MS);
    expect(draft!.payoff.savingsMsPerDay).toBeCloseTo((90_000 * (1 - busy)) / 7, 6);
    expect(draft!.cost.basis).toContain('3 more slots × 2.0 GiB per query');
  });
});
