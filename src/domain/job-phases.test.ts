import { describe, expect, it } from 'vitest';
import type { JobTimestamps } from './job.js';
import { phasesFromTimestamps } from './job-phases.js';

const at = (ms: number) => new Date(1_700_000_000_000 + ms);
const none: JobTimestamps = {
  submittedAt: at(0),
  attemptStartedAt: null,
  metadataRetrievalAt: null,
  planningStartAt: null,
  queryEnqueuedAt: null,
  engineStartAt: null,
  executionPlanningAt: null,
  startingAt: null,
  executionStartAt: null,
  finalStateAt: null,
};

describe('phasesFromTimestamps', () => {
  it('fidelity-gaps #2: Enterprise stamps ENGINE_START and QUEUED at once; the wait until EXECUTION_PLANNING is queued', () => {
    const phases = phasesFromTimestamps({
      ...none,
      planningStartAt: at(1),
      engineStartAt: at(10),
      queryEnqueuedAt: at(10),
      executionPlanningAt: at(25),
      executionStartAt: at(30),
      finalStateAt: at(100),
    });
    expect(phases).toMatchObject({ planningMs: 9, engineStartMs: 0, queuedMs: 15, executionPlanningMs: 5 });
  });

  it('fidelity-gaps #2: Dremio 19–21 engine start before the queue counts each state until the next in time', () => {
    const phases = phasesFromTimestamps({
      ...none,
      engineStartAt: at(10),
      queryEnqueuedAt: at(14),
      executionPlanningAt: at(25),
      finalStateAt: at(30),
    });
    expect(phases).toMatchObject({ pendingMs: 10, engineStartMs: 4, queuedMs: 11, executionPlanningMs: 5 });
  });

  it('fidelity-gaps #2: a queue entered before the engine starts (Cloud scale-up) keeps its own span', () => {
    const phases = phasesFromTimestamps({
      ...none,
      queryEnqueuedAt: at(10),
      engineStartAt: at(12),
      executionPlanningAt: at(40),
      finalStateAt: at(50),
    });
    expect(phases).toMatchObject({ queuedMs: 2, engineStartMs: 28 });
  });

  it('fidelity-gaps #2: OSS records no engine start; the queue lasts until execution planning', () => {
    const phases = phasesFromTimestamps({
      ...none,
      planningStartAt: at(2),
      queryEnqueuedAt: at(8),
      executionPlanningAt: at(20),
      startingAt: at(21),
      executionStartAt: at(22),
      finalStateAt: at(40),
    });
    expect(phases).toEqual({
      pendingMs: 2,
      metadataRetrievalMs: null,
      planningMs: 6,
      queuedMs: 12,
      engineStartMs: null,
      executionPlanningMs: 1,
      startingMs: 1,
      runningMs: 18,
    });
  });
});
