/**
 * The quantitative line between each job-level label and everything else, as measured by
 * `profileSignals`. Labelled jobs sit at or above `labelled`; every other job stays at or below
 * `clean`. Detector thresholds belong in the gap. Mirrored in docs/simulator.md.
 */
import type { DetectorId } from '../../domain/detector-id.js';
import type { ProfileSignals } from './profile/profile-signals.js';

export interface Signature {
  /** What a labelled job always shows. */
  readonly labelled: (s: ProfileSignals) => boolean;
  /** What every unlabelled job shows (the near misses included). */
  readonly clean: (s: ProfileSignals) => boolean;
}

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;

export const JOB_SIGNATURES: Readonly<Partial<Record<DetectorId, Signature>>> = {
  'join-fanout': { labelled: (s) => s.joinFanout >= 12, clean: (s) => s.joinFanout <= 3 },
  spill: { labelled: (s) => s.spilledBytes >= 6 * GIB, clean: (s) => s.spilledBytes <= 64 * MIB },
  skew: {
    labelled: (s) => s.skewRatio >= 10 && s.skewExcessMs >= 10_000,
    clean: (s) => s.skewRatio <= 1.7 || s.skewExcessMs <= 500,
  },
  'queue-wait': { labelled: (s) => s.queueWaitMs >= 90_000, clean: (s) => s.queueWaitMs <= 1_000 },
  'planning-time': { labelled: (s) => s.planningMs >= 15_000, clean: (s) => s.planningMs <= 2_000 },
  'metadata-retrieval': {
    labelled: (s) => s.metadataRetrievalMs >= 4_000,
    clean: (s) => s.metadataRetrievalMs <= 25,
  },
  'row-estimate': { labelled: (s) => s.estimateError >= 50, clean: (s) => s.estimateError <= 5 },
  'client-blocking': { labelled: (s) => s.clientBlockedMs >= 60_000, clean: (s) => s.clientBlockedMs <= 500 },
  'nested-loop-join': { labelled: (s) => s.nestedLoopJoins > 0, clean: (s) => s.nestedLoopJoins === 0 },
};

/** SELECT * counts as the anti-pattern from this many columns on. */
export const SELECT_STAR_MIN_COLUMNS = 30;

/** reflection-missing: at least this many runs per day, each this slow on average, not accelerated. */
export const REFLECTION_MISSING = { minRunsPerDay: 15, minMeanMs: 2_000 } as const;
