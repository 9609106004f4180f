import { describe, expect, it } from 'vitest';
import { buildContextOver, findingOver, snapshotOver } from '../../../test/support/build-context.js';
import {
  buildContext,
  buildFragment,
  buildOperator,
  buildProfileSummary,
} from '../../../test/support/profile-builder.js';
import type { JobContext } from '../../analysis/detector.js';
import { spillDetector } from '../../analysis/detectors/spill.js';
import { validateRecommendationSql } from '../validate-sql.js';
import { buildSpillMemory } from './spill-memory.js';

const GIB = 1024 ** 3;

/**
 * A 10 s run whose HashAgg 01-02 did 80% of the operator work and spilled 6.5 GiB, holding 3 GiB: by
 * its history row, or (`heldIn: 'profile'`, history before 25.1) by its fragments' peaks, 1 + 2 GiB.
 */
function spillingJob(
  jobId: string,
  queueName: string,
  heldIn: 'history' | 'profile' = 'history',
): JobContext {
  const profile = buildProfileSummary({
    fragments: [
      buildFragment({ majorFragmentId: 0, peakMemoryBytes: 1 * GIB }),
      buildFragment({ majorFragmentId: 1, peakMemoryBytes: 2 * GIB }),
    ],
    jobId,
    durationMs: 10_060,
    stateDurationsMs: { ...buildProfileSummary().stateDurationsMs, running: 10_000 },
    operators: [
      buildOperator({ key: '00-00', typeName: 'SCREEN', processMs: 200 }),
      buildOperator({ key: '01-02', typeName: 'HASH_AGGREGATE', processMs: 800 }),
    ],
    spill: {
      spilled: true,
      hashAggBytes: 6.5 * GIB,
      sortBytes: 0,
      hashJoinBytes: 0,
      totalBytes: 6.5 * GIB,
      operatorKeys: ['01-02'],
    },
  });
  const context = buildContext({ profile, runsPerDay: 1000 });
  const memoryAllocatedBytes = heldIn === 'history' ? BigInt(3 * GIB) : null;
  return { ...context, job: { ...context.job, queueName, memoryAllocatedBytes } };
}

function contextFor(queue: string, workloadManagement: boolean, heldIn: 'history' | 'profile' = 'history') {
  const jobs = [spillingJob('j1', queue, heldIn), spillingJob('j2', queue, heldIn)];
  const hit = spillDetector.detect(jobs[0]!, spillDetector.defaults);
  const finding = findingOver('spill', jobs, hit?.evidence ?? {});
  return buildContextOver([finding], snapshotOver(jobs, 2), { workloadManagement });
}

describe('spill builder', () => {
  it("OSS: raises the LARGE queue's per-node cap to what the run held plus what it spilled", () => {
    const [draft, ...rest] = buildSpillMemory(contextFor('LARGE', false));
    expect(rest).toEqual([]);
    expect(draft?.kind).toBe('set-option');
    // 3 GiB held + 6.5 GiB spilled = 9.5 GiB, rounded up to 10 GiB = 10,737,418,240 bytes.
    expect(draft?.sql).toBe('ALTER SYSTEM SET "exec.queue.memory.large" = 10737418240');
    expect(validateRecommendationSql('set-option', draft?.sql ?? null)).toEqual({ ok: true });
    expect(draft?.target).toEqual({ kind: 'queue', queueName: 'LARGE' });
    expect(draft?.risk.level).toBe('medium');
    expect(draft?.evidence).toMatchObject({
      spilledBytesMax: 6.5 * GIB,
      memoryPerNodeBytes: 10 * GIB,
      runs: 2,
    });
  });

  it('before 25.1 (no memory in history) counts what the run held from its profile', () => {
    const [draft] = buildSpillMemory(contextFor('LARGE', false, 'profile'));
    // Fragment peaks 1 + 2 GiB held + 6.5 GiB spilled = 9.5 GiB, rounded up to 10 GiB, as from history.
    expect(draft?.sql).toBe('ALTER SYSTEM SET "exec.queue.memory.large" = 10737418240');
    expect(draft?.evidence).toMatchObject({ memoryPerNodeBytes: 10 * GIB });
  });

  it('credits half the spilling operator time (its spill I/O) over the window', () => {
    const [draft] = buildSpillMemory(contextFor('SMALL', false));
    expect(draft?.sql).toBe('ALTER SYSTEM SET "exec.queue.memory.small" = 10737418240');
    // Each run: 10,000 ms running × 0.8 HashAgg share × 0.5 spill I/O = 4,000 ms; 2 runs over 2 days.
    expect(draft?.payoff.savingsMsPerDay).toBe(4_000);
    expect(draft?.payoff.method).toBe('operator-time-share');
  });

  it("with Workload Management: the queue's query memory limit, as a setting without SQL", () => {
    const [draft] = buildSpillMemory(contextFor('High Cost User Queries', true));
    expect(draft?.kind).toBe('workload-management');
    expect(draft?.sql).toBeNull();
    // Not keyed by the queue, where queue-wait's concurrency advice would share its id and replace it.
    expect(draft?.target).toEqual({
      kind: 'fingerprint',
      fingerprint: 'spill:f-spill-j1',
      datasetPath: null,
    });
    expect(validateRecommendationSql('workload-management', null)).toEqual({ ok: true });
    expect(draft?.action).toContain('queue "High Cost User Queries" to 10.0 GiB (10737418240 bytes)');
  });
});
