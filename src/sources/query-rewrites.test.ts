import { describe, expect, it } from 'vitest';
import type { FingerprintRuns } from '../store/change-evidence-repository.js';
import { queryRewrites } from './query-rewrites.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 1);
const at = (hours: number) => new Date(T0 + hours * HOUR);

function shape(
  fingerprint: string,
  from: number,
  to: number,
  extra: Partial<FingerprintRuns> = {},
): FingerprintRuns {
  return {
    fingerprint,
    userName: 'ana',
    datasets: ['lake.sales.orders'],
    runs: to - from + 1,
    firstAt: at(from),
    lastAt: at(to),
    medianGapMs: HOUR,
    ...extra,
  };
}

/** Hourly shapes over 48 hours; `old` stops at hour 20 and `new` starts at hour 20.5. */
const steady = shape('steady', 0, 48, { datasets: ['lake.web.events'] });
const old = shape('old', 0, 20);
const rewritten = shape('new', 20.5, 47.5);

describe('queryRewrites', () => {
  it('pairs a shape that stopped with the one that took its place', () => {
    expect(queryRewrites([steady, old, rewritten])).toEqual([
      {
        kind: 'query-rewritten',
        subject: 'old',
        datasetPath: 'lake.sales.orders',
        effectiveFrom: at(20),
        effectiveTo: at(20.5),
        origin: 'detected',
        statement: null,
        jobId: null,
        recommendationId: null,
        details: { fingerprintAfter: 'new', userName: 'ana', medianGapMs: HOUR },
      },
    ]);
  });

  it.each([
    ['another user', [steady, old, { ...rewritten, userName: 'bo' }]],
    [
      'other datasets',
      [steady, old, { ...rewritten, datasets: ['lake.sales.orders', 'lake.sales.customers'] }],
    ],
    ['a start more than one gap later', [steady, old, shape('new', 21.5, 47.5)]],
    ['a new shape that ran before the old one stopped', [steady, old, shape('new', 19.5, 47.5)]],
    ['an old shape that has not stopped for three gaps', [shape('old', 0, 46), shape('new', 46.5, 48)]],
    ['two candidates', [steady, old, rewritten, { ...rewritten, fingerprint: 'new2' }]],
    ['a new shape claimed twice', [steady, old, { ...old, fingerprint: 'old2' }, rewritten]],
    ['a new shape run once', [steady, old, { ...rewritten, runs: 1 }]],
    ['an old shape run by several users', [steady, { ...old, userName: null }, rewritten]],
  ])('pairs nothing for %s', (_why, shapes) => {
    expect(queryRewrites(shapes as FingerprintRuns[])).toEqual([]);
  });
});
