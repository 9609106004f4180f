// Pure descriptive and test statistics for baselines and detectors: quantiles, moments, MAD,
// Mann–Whitney U (exact for small samples, normal with tie correction otherwise) and shift points.
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
export { median, quantile, quantileSorted, sortAscending } from './percentile.js';
export { type Ranking, rankWithTies } from './ranks.js';
export { findShiftPoint, type ShiftPoint } from './shift-point.js';
export { findStepUp, type StepUp } from './step-up.js';
