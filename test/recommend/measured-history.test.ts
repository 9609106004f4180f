import { describe, expect, it } from 'vitest';
import type { Measurement } from '../../src/domain/measurement.js';
import { measuredHistoryOf } from '../../src/recommend/measured-history.js';

function measured(kind: string | null, verdict: Measurement['verdict'], speedup: number | null): Measurement {
  return {
    recommendationKind: kind,
    verdict,
    speedup: speedup === null ? null : { estimate: speedup, low: speedup * 0.9, high: speedup * 1.1 },
  } as Measurement;
}

describe('measured history', () => {
  it('takes the median conclusive speedup per kind and ignores inconclusive ones and other kinds', () => {
    const history = measuredHistoryOf([
      measured('optimize-table', 'verified', 1.5),
      measured('optimize-table', 'no-effect', 1.0),
      measured('optimize-table', 'verified', 2.5),
      measured('optimize-table', 'inconclusive', 9),
      measured('drop-reflection', 'verified', 3),
      measured(null, 'verified', 3),
    ]);
    expect(history.get('optimize-table')).toEqual({ speedup: 1.5, changes: 3 });
    expect(history.has('drop-reflection')).toBe(false);
  });
});
