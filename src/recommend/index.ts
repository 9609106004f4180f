// Recommendations: what to change (exact SQL or a stated setting), what it saves, what it costs and how
// sure we are, from the analysis' findings; plus their lifecycle and the reflection ledger.
export { type DdlShape, type DdlValidation, validateDdl } from './ddl-validator.js';
export {
  DEFAULT_OPTIMIZE_TARGET_FILE_MB,
  type RecommendOptions,
  rankRecommendations,
  recommend,
} from './recommend.js';
export {
  type ApplyOptions,
  type ApplyResult,
  applyRecommendation,
  changeRecommendationStatus,
  listStoredRecommendations,
  type RecommendationDetail,
  recommendAndSave,
  showRecommendation,
} from './recommend-service.js';
export { recommendationId } from './recommendation-id.js';
export { type LedgerEntry, type LedgerVerdict, reflectionLedger } from './reflection-ledger.js';
export { type SqlValidation, validateRecommendationSql } from './validate-sql.js';
