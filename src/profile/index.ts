// Dremio query profiles: read them from files and archives, name operators and metrics per release,
// parse plan text, and digest a raw profile into a ProfileSummary (pure, except the file readers).
export {
  type AnalyzedProfile,
  type AnalyzeProfilesOptions,
  type AnalyzeProfilesResult,
  analyzeProfileFiles,
  type ProfileFileError,
} from './analyze-profile-service.js';
export { type ArchiveLimits, DEFAULT_ARCHIVE_LIMITS } from './archive-limits.js';
export { type DremioRelease, LATEST_KNOWN_RELEASE, parseDremioRelease } from './dremio-version.js';
export { type JobIdResult, jobIdFromParts } from './job-id.js';
export {
  type MetricDefinition,
  metricIdFor,
  metricNamesFor,
  type OperatorTypeMetricsMap,
  operatorTypeMetricsMapFor,
} from './metric-catalog.js';
export {
  CORE_OPERATOR_TYPES,
  type CoreOperatorTypeName,
  isExchangeOperator,
  isJoinOperator,
  isScanOperator,
  OPERATOR_TYPE,
  operatorTypeName,
  tableFunctionTypeName,
  tableFunctionTypesFor,
} from './operator-types.js';
export { type PlanNode, parseAttributes, parsePlanText } from './plan-text.js';
export { PROFILE_INPUT_CODES, type ProfileInputCode, ProfileInputError } from './profile-input-error.js';
export {
  type RawProfileEntry,
  type ReadProfileResult,
  readProfileBytes,
  readProfileFile,
} from './read-profile-file.js';
export { type SummarizeOptions, summarizeProfile } from './summarize.js';
