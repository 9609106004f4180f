import type { DremioDeployment } from '../domain/dremio-deployment.js';
import type { CatalogDataset } from './catalog-entity.js';
import { type WalkCatalogOptions, walkCatalog } from './catalog-walker.js';
import type { DremioConnectionOptions } from './connection-options.js';
import { detectDeployment } from './detect-deployment.js';
import { createDremioConnection, type DremioConnection } from './dremio-connection.js';
import { getJob, type JobStatus } from './job-status.js';
import { type JobsListingRequest, listJobsPage } from './jobs-listing.js';
import { fetchProfile, type ProfileFetchResult } from './profile-fetch.js';
import type { ReflectionRecord } from './reflection-record.js';
import { listReflections } from './reflections.js';
import type { ResultRow } from './results-page.js';
import { getServerInfo, type ServerInfo } from './server-info.js';
import { collectSql, type RunSqlOptions, runSql, type SqlResult } from './sql-runner.js';

type SignalOption = { readonly signal?: AbortSignal };

/** The Dremio client: every read the product makes, over one connection. */
export interface DremioClient {
  readonly connection: DremioConnection;
  /** Detected once and cached; see {@link detectDeployment}. */
  deployment(options?: SignalOption): Promise<DremioDeployment>;
  info(options?: SignalOption): Promise<ServerInfo | undefined>;
  getJob(jobId: string, options?: SignalOption): Promise<JobStatus>;
  runSql<Row = ResultRow>(sql: string, options?: RunSqlOptions<Row>): AsyncGenerator<Row, void, undefined>;
  collectSql<Row = ResultRow>(sql: string, options?: RunSqlOptions<Row>): Promise<SqlResult<Row>>;
  /** `attempt` is 0-based. */
  fetchProfile(
    jobId: string,
    attempt: number,
    options?: SignalOption & { prefer?: 'json' | 'zip' },
  ): Promise<ProfileFetchResult>;
  walkCatalog(options?: WalkCatalogOptions): AsyncGenerator<CatalogDataset, void, undefined>;
  listReflections(options?: SignalOption): Promise<readonly ReflectionRecord[]>;
  /** Job history before 24.3 (`/apiv2/jobs-listing/v1.0`), one page in start-time order. */
  listJobsPage(request: JobsListingRequest): ReturnType<typeof listJobsPage>;
  /** Frees keep-alive sockets; the client is unusable afterwards. */
  close(): void;
}

/**
 * @example
 * const client = createDremioClient({ url, auth: { kind: 'pat', token }, tls: { insecure: false }, ...DEFAULT_CONNECTION_TUNING });
 * const deployment = await client.deployment();
 * for await (const row of client.runSql(`SELECT job_id FROM ${deployment.historyTable}`)) …
 * client.close();
 */
export function createDremioClient(options: DremioConnectionOptions): DremioClient {
  const connection = createDremioConnection(options);
  let detected: Promise<DremioDeployment> | undefined;
  const deployment = (extra: SignalOption = {}): Promise<DremioDeployment> => {
    detected ??= detectDeployment(connection, extra).catch((error: unknown) => {
      detected = undefined;
      throw error;
    });
    return detected;
  };
  return {
    connection,
    deployment,
    info: (extra) => getServerInfo(connection, extra),
    getJob: (jobId, extra) => getJob(connection, jobId, extra),
    runSql: (sql, extra) => runSql(connection, sql, extra),
    collectSql: (sql, extra) => collectSql(connection, sql, extra),
    fetchProfile: (jobId, attempt, extra = {}) => fetchProfile(connection, { jobId, attempt, ...extra }),
    walkCatalog: (extra) => walkCatalog(connection, extra),
    listReflections: async (extra) => listReflections(connection, await deployment(extra), extra),
    listJobsPage: (request) => listJobsPage(connection, request),
    close: () => connection.close(),
  };
}
