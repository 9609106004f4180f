import { describe, expect, it } from 'vitest';
import type { SimJob } from '../../world.js';
import { cloudHistoryVisible } from './cloud-history.js';
import { type JobSource, jobsTable, msWindow } from './jobs-table.js';

describe('msWindow', () => {
  const cases = [
    { name: 'no hints', hints: [], unitsPerMs: 1, expected: [-Infinity, Infinity] },
    {
      name: 'exclusive watermark in ms',
      hints: [{ column: 'e', min: { value: 100, inclusive: false } }],
      unitsPerMs: 1,
      expected: [101, Infinity],
    },
    {
      name: 'inclusive range in ms',
      hints: [{ column: 'e', min: { value: 100, inclusive: true }, max: { value: 200, inclusive: true } }],
      unitsPerMs: 1,
      expected: [100, 200],
    },
    {
      name: 'nanoseconds between two milliseconds round inwards',
      hints: [
        {
          column: 'e',
          min: { value: 1_500_000n, inclusive: true },
          max: { value: 3_500_000n, inclusive: false },
        },
      ],
      unitsPerMs: 1_000_000,
      expected: [2, 3],
    },
    {
      name: 'exclusive bounds on exact nanosecond milliseconds',
      hints: [
        {
          column: 'e',
          min: { value: 2_000_000n, inclusive: false },
          max: { value: 5_000_000, inclusive: false },
        },
      ],
      unitsPerMs: 1_000_000,
      expected: [3, 4],
    },
    {
      name: 'hints on other columns are ignored',
      hints: [{ column: 'job_id', min: { value: 5, inclusive: true } }],
      unitsPerMs: 1,
      expected: [-Infinity, Infinity],
    },
    {
      name: 'two hints intersect',
      hints: [
        { column: 'e', min: { value: 10, inclusive: true } },
        { column: 'e', min: { value: 20, inclusive: true }, max: { value: 30, inclusive: true } },
      ],
      unitsPerMs: 1,
      expected: [20, 30],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(msWindow(c.hints, 'e', c.unitsPerMs)).toEqual(c.expected);
    });
  }
});

describe('Cloud history visibility', () => {
  const HOUR = 3_600_000;
  const job = (jobId: string, submittedMs: number, endedMs: number) =>
    ({ jobId, submittedEpochMs: submittedMs, phases: { finalState: endedMs } }) as unknown as SimJob;
  // A long job submitted first, a short one after it that has already ended, and one still running.
  const jobs = [job('long', 0, 5 * HOUR), job('short', 1000, 2000), job('running', 2 * HOUR, 0)];
  const source: JobSource = {
    count: () => jobs.length,
    submittedMs: (i) => jobs[i]!.submittedEpochMs,
    job: (i) => jobs[i]!,
  };

  function visibleAt(nowMs: number): unknown[] {
    const table = jobsTable({
      name: 'sys.project.history.jobs',
      columns: [{ name: 'job_id', type: 'VARCHAR' }],
      epochColumn: 'submitted_epoch',
      unitsPerMs: 1_000_000,
      source,
      row: (j) => ({ job_id: j.jobId }),
      lagging: { nowMs: () => nowMs, visible: cloudHistoryVisible, duplicated: (j) => j.jobId === 'short' },
    });
    return [...table.scan([])].map((r) => r.job_id);
  }

  it('fidelity-gaps #9: a row appears an hour after the job ends, not after it was submitted', () => {
    expect(visibleAt(3 * HOUR)).toEqual(['short', 'short']);
    expect(visibleAt(6 * HOUR)).toEqual(['long', 'short', 'short']);
    expect(visibleAt(100 * HOUR)).toEqual(['long', 'short', 'short']);
  });
});
