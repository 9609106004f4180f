import { describe, expect, it } from 'vitest';
import { summarizeStates } from './query-states.js';

describe('summarizeStates', () => {
  it('fidelity-gaps #2: QUEUED and ENGINE_START at one instant give the wait to the queue in either list order', () => {
    for (const [first, second] of [
      [4, 5],
      [5, 4],
    ] as const) {
      const { stateDurationsMs } = summarizeStates({
        stateList: [
          { state: 1, startTime: 100 },
          { state: first, startTime: 110 },
          { state: second, startTime: 110 },
          { state: 6, startTime: 125 },
          { state: 9, startTime: 130 },
        ],
        endEpochMs: 130,
      });
      expect(stateDurationsMs).toMatchObject({
        pending: 10,
        engineStart: 0,
        queued: 15,
        executionPlanning: 5,
      });
    }
  });
});
