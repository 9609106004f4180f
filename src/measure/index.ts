// Measured before/after: what each change did to the query shapes it affects, with statistics.
export { type MeasureChangeInput, measureChange } from './measure-change.js';
export {
  listStoredMeasurements,
  type MeasureOptions,
  measureChanges,
  measurementSummary,
  showMeasurement,
  type VerifyResult,
  verifyRecommendation,
} from './measure-service.js';
export { type KindAccuracy, type MeasurementSummary, summarizeMeasurements } from './measure-summary.js';
export { rollbackStatement } from './rollback.js';
