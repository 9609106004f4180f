// The store: PostgreSQL (embedded PGlite by default, a server when DATABASE_URL is set), its migrations
// and repositories. This folder is the only place with SQL on our own tables.

export {
  type DatasetObservation,
  type DdlJob,
  earliestJobAt,
  type FingerprintRuns,
  type KnownReflection,
  listDdlJobs,
  listFingerprintRuns,
  loadDatasetObservations,
  loadKnownReflections,
  markReflectionsDropped,
} from './change-evidence-repository.js';
export {
  getChange,
  type ListChangesOptions,
  linkChange,
  listChanges,
  mergeChanges,
  type RecordChangeOptions,
  recordChange,
  SAME_CHANGE_WITHIN_MS,
} from './changes-repository.js';
export { type ClusterInput, ensureCluster, findCluster, listClusters } from './clusters-repository.js';
export {
  findUnfinishedRun,
  saveRunPlan,
  type UnfinishedRun,
  withCollectionLock,
} from './collection-plan-repository.js';
export {
  type CollectionErrorInput,
  finishRun,
  listRunErrors,
  type RunStatus,
  readWatermark,
  recordCollectionError,
  startRun,
  writeWatermark,
} from './collection-runs-repository.js';
export { listTouchedDatasets, loadDatasets, upsertDataset } from './datasets-repository.js';
export type { Db } from './db-handle.js';
export {
  countJobs,
  getJob,
  listJobIds,
  type UpsertCounts,
  upsertJobs,
} from './jobs-repository.js';
export {
  acquireLease,
  type LeaseRequest,
  type LeaseState,
  readLease,
  releaseLease,
  renewLease,
} from './leases-repository.js';
export {
  fingerprintsOfJobs,
  loadMeasuredRuns,
  loadShapeActivity,
  MAX_RUNS_PER_SIDE,
  type MeasuredRun,
  type ShapeActivity,
} from './measurement-runs-repository.js';
export {
  type ListMeasurementsOptions,
  listMeasurements,
  saveMeasurement,
} from './measurements-repository.js';
export {
  loadMigrations,
  type Migration,
  type MigrationStatus,
  migrate,
  migrationStatus,
} from './migrator.js';
export { type OpenStoreOptions, openStore, type Store, type StoreBackend } from './open-store.js';
export {
  MAX_FAILED_PROFILE_RUNS,
  PROFILE_NOT_FOUND,
  type ProfileCandidate,
  type ProfileCoverage,
  type ProfilePool,
  profileCoverage,
  profileFetchItem,
  selectProfileCandidates,
} from './profile-candidates-queries.js';
export { countProfiles, listProfiledJobs, type ProfileRow, upsertProfile } from './profiles-repository.js';
export {
  affectedJobTimePerDay,
  baselinesOfFingerprint,
  type ClusterJobStats,
  type CollectionRunRow,
  clusterJobStats,
  collectionRunErrors,
  countJobsBetween,
  type DailyRuns,
  dailyRuns,
  fingerprintRow,
  getCollectionRunRow,
  type JobRow,
  type JobSearch,
  listWaiverRows,
  newestProfileOf,
  newestStatusStepAt,
  pageCollectionRuns,
  reachedStatusCounts,
  searchJobRows,
  statusStepsPerDay,
} from './read-queries.js';
export {
  CLOSABLE_STATUSES,
  type ClosableRecommendation,
  getRecommendation,
  listRecommendations,
  loadClosableRecommendations,
  loadRecommendationStatuses,
  recommendationHistory,
  recommendationStatusTotals,
  type StatusChange,
  type StoredRecommendation,
  saveRecommendations,
  setRecommendationStatus,
} from './recommendations-repository.js';
export { loadReflections, upsertReflections } from './reflections-repository.js';
export {
  type CycleOutcome,
  listCycleStates,
  recordCycleEnd,
  recordCycleStart,
  type ScheduleCycleState,
} from './schedule-cycles-repository.js';
export { readStoreStatus, type StoreStatus } from './store-status.js';
export {
  listUnfinishedJobs,
  markNeverSeenEnding,
  NEVER_SEEN_ENDING,
  newestSubmittedAt,
  TERMINAL_JOB_STATES,
  type UnfinishedJob,
} from './unfinished-jobs-repository.js';
