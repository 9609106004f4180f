// The Dremio REST client: connection, retries and auth, SQL runner, profiles, catalog, reflections,
// deployment detection and the `check` report. Everything it returns is parsed, typed domain data.
export type { DremioDeployment, HistoryTable } from '../domain/dremio-deployment.js';
export { isOwnSql, markSql, SQL_MARKER } from '../domain/sql-marker.js';
export type { CatalogDataset, DatasetField } from './catalog-entity.js';
export { type WalkCatalogOptions, walkCatalog } from './catalog-walker.js';
export { type CheckOptions, checkConnection } from './check.js';
export { CHECK_ITEMS, type CheckItem, type CheckLine, type CheckReport } from './check-report.js';
export {
  DEFAULT_CONNECTION_TUNING,
  type DremioAuth,
  type DremioConnectionOptions,
  type DremioLogger,
  type RetryOptions,
  type TlsOptions,
} from './connection-options.js';
export { deploymentFromFacts, parseDremioVersion } from './deployment-facts.js';
export { detectDeployment } from './detect-deployment.js';
export { createDremioClient, type DremioClient } from './dremio-client.js';
export { createDremioConnection, type DremioConnection } from './dremio-connection.js';
export { DREMIO_ERROR_CODES, type DremioErrorCode } from './failure-hints.js';
export { cloudHistoryColumns, jobsRecentColumns } from './history-columns.js';
export { cancelJob, FINAL_JOB_STATES, getJob, JOB_STATES, type JobStatus } from './job-status.js';
export { type JobsListingEntry, type JobsListingRequest, listJobsPage } from './jobs-listing.js';
export { type FetchProfileRequest, fetchProfile, type ProfileFetchResult } from './profile-fetch.js';
export type { ReflectionRecord } from './reflection-record.js';
export { listReflections } from './reflections.js';
export { MAX_PAGE_SIZE, type ResultColumn, type ResultRow } from './results-page.js';
export { getServerInfo, getServerStatus, type ServerInfo } from './server-info.js';
export { collectSql, type RunSqlOptions, runSql, type SqlResult, submitSql } from './sql-runner.js';
