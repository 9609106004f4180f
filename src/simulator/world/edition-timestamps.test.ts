import { describe, expect, it } from 'vitest';
import { parseLosslessJson } from '../../json/lossless-json.js';
import { createWorld } from '../create-world.js';
import { FLAVOR_SPECS, type Flavor } from '../flavor.js';
import type { SimJob } from '../world.js';
import { OSS_QUEUE_NAMES } from './actors.js';
import { queueWaitMs } from './job-timing.js';
import { testWorldOptions } from './test-world.js';

interface Profile {
  readonly stateList: readonly { readonly state: number; readonly startTime: number }[];
  readonly resourceSchedulingProfile?: Readonly<Record<string, unknown>>;
}

function worldOf(flavor: Flavor) {
  const world = createWorld(testWorldOptions({ flavor, jobs: 400 }));
  const jobs: SimJob[] = Array.from({ length: world.jobCount }, (_, i) => world.job(i));
  const queued = jobs.filter((j) => j.phases.queryEnqueued > 0);
  const profile = (job: SimJob) => parseLosslessJson(world.profileJson(job.jobId, 0) ?? '{}') as Profile;
  return { world, jobs, queued, profile };
}

const ENTERPRISE: readonly Flavor[] = ['software-25.1', 'software-26', 'cloud'];

describe.each(ENTERPRISE)('job timestamps on %s', (flavor) => {
  it('fidelity-gaps #2: ENGINE_START carries the QUEUED instant and the wait lasts until EXECUTION_PLANNING', () => {
    const { queued, profile } = worldOf(flavor);
    expect(queued.length).toBeGreaterThan(300);
    expect(queued.some((j) => queueWaitMs(j.phases) > 1000)).toBe(true);
    for (const job of queued) expect(job.phases.engineStart, job.jobId).toBe(job.phases.queryEnqueued);
    const waited = queued.find((j) => queueWaitMs(j.phases) > 100 && j.hasProfile)!;
    const states = profile(waited).stateList.map((s) => [s.state, s.startTime]);
    const at = waited.phases.queryEnqueued;
    // As a real Enterprise profile lists them: 5@t, 4@t, 6@t+wait.
    expect(states).toContainEqual([5, at]);
    expect(states.findIndex(([s]) => s === 5)).toBe(states.findIndex(([s]) => s === 4) - 1);
    expect(states).toContainEqual([6, at + queueWaitMs(waited.phases)]);
    expect(profile(waited).resourceSchedulingProfile?.resourceSchedulingEnd).toBe(
      waited.phases.executionPlanning,
    );
  });
});

describe('job timestamps and queues on software-24.3 (OSS)', () => {
  it('fidelity-gaps #2, #4: OSS records no engine start and queues only in SMALL, LARGE and the reflection queues', () => {
    expect(FLAVOR_SPECS['software-24.3'].workloadManagement).toBe(false);
    const { world, jobs, queued, profile } = worldOf('software-24.3');
    for (const job of jobs) expect(job.phases.engineStart, job.jobId).toBe(0);
    const queues = new Set(queued.map((j) => j.queueName));
    expect([...queues].sort()).toEqual([...OSS_QUEUE_NAMES].sort());
    const rows = [...(world.table('sys.jobs_recent')?.scan([]) ?? [])];
    expect(rows.every((r) => r.engine_start_epoch_millis === 0 && r.engine === '')).toBe(true);
    const withProfile = queued.find((j) => j.hasProfile && queueWaitMs(j.phases) > 0)!;
    const p = profile(withProfile);
    expect(p.stateList.map((s) => s.state)).not.toContain(5);
    expect(p.resourceSchedulingProfile).toMatchObject({
      queueName: withProfile.queueName,
      queueId: withProfile.queueName,
    });
    expect(p.resourceSchedulingProfile).not.toHaveProperty('ruleContent');
  });

  it('fidelity-gaps #4: Enterprise flavors keep their Workload Management queues', () => {
    for (const flavor of ENTERPRISE) {
      expect(FLAVOR_SPECS[flavor].workloadManagement).toBe(true);
      const queues = new Set(worldOf(flavor).queued.map((j) => j.queueName));
      for (const oss of OSS_QUEUE_NAMES) expect(queues.has(oss)).toBe(false);
    }
  });
});
