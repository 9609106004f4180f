// Pure descriptive and test statistics for baselines, detectors and measurements: quantiles, moments,
// MAD, rank tests and shift points, Hodges–Lehmann and bootstrap intervals, FDR and Fisher's test.
export { type BenjaminiHochberg, benjaminiHochberg } from './benjamini-hochberg.js';
export { type BootstrapRatio, type BootstrapRatioOptions, bootstrapRatio } from './bootstrap-ratio.js';
export { type DriftAdjusted, driftAdjusted, type ShiftInterval } from './drift-adjusted.js';
export { type FisherExact, fisherExact, type TwoByTwo } from './fisher-exact.js';
export { type HodgesLehmann, type HodgesLehmannOptions, hodgesLehmann } from './hodges-lehmann.js';
export { MAD_TO_SIGMA, medianAbsoluteDeviation } from './mad.js';
export {
  ALTERNATIVES,
  type Alternative,
  exactUDistribution,
  type MannWhitneyOptions,
  type MannWhitneyResult,
  mannWhitneyU,
  normalApproximation,
} from './mann-whitney.js';
export { type Moments, mean, moments, stddev } from './moments.js';
export { erfc, normalCdf, normalUpperTail } from './normal.js';
export { normalQuantile } from './normal-quantile.js';
export { countDifferencesAtMost, kthDifference, medianDifference } from './pairwise-differences.js';
export { median, quantile, quantileSorted, sortAscending } from './percentile.js';
export { type Ranking, rankWithTies } from './ranks.js';
export { mulberry32 } from './seeded-random.js';
export { findShiftPoint, type ShiftPoint } from './shift-point.js';
export { findStepUp, type StepUp } from './step-up.js';
