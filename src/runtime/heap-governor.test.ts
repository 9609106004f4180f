import { afterEach, describe, expect, it } from 'vitest';
import { type HeapGovernor, startHeapGovernor } from './heap-governor.js';

let governor: HeapGovernor | undefined;

afterEach(() => {
  governor?.stop();
  governor = undefined;
});

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('startHeapGovernor', () => {
  it('asks for a full collection once the heap passes its budget', async () => {
    governor = startHeapGovernor({ headroomMb: 16, growth: 1, intervalMs: 5 });
    let garbage: unknown[] = [];
    for (let round = 0; round < 20 && governor.collections() === 0; round++) {
      garbage = Array.from({ length: 100_000 }, (_, i) => ({ i, text: `row ${i} of round ${round}` }));
      await tick(20);
    }
    expect(garbage.length).toBe(100_000);
    expect(governor.collections()).toBeGreaterThan(0);
  });

  it('does nothing while the heap is under its budget', async () => {
    governor = startHeapGovernor({ headroomMb: 64 * 1024, growth: 2, intervalMs: 5 });
    await tick(50);
    expect(governor.collections()).toBe(0);
  });

  it('is one per process: a second start returns the running governor', () => {
    governor = startHeapGovernor({ intervalMs: 1000 });
    expect(startHeapGovernor({ intervalMs: 5 })).toBe(governor);
  });
});
