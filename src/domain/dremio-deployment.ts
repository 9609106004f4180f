/**
 * What kind of Dremio we are talking to, detected once per connection, so that history tables,
 * their columns, reflection sources and profile endpoints are chosen from facts rather than guessed.
 */
export const DEPLOYMENT_KINDS = ['software', 'cloud'] as const;
export type DeploymentKind = (typeof DEPLOYMENT_KINDS)[number];

/**
 * Where job history comes from: `sys.jobs_recent` (Software ≥ 24.3), `sys.project.history.jobs`
 * (Cloud, about 1 h lag) or the internal `/apiv2/jobs-listing/v1.0` endpoint (Software < 24.3, where
 * `sys.jobs` only shows active jobs).
 */
export const HISTORY_TABLES = ['sys.jobs_recent', 'sys.project.history.jobs', 'jobs-listing'] as const;
export type HistoryTable = (typeof HISTORY_TABLES)[number];

/** `rest`: `GET /reflection` lists every reflection (Enterprise, Cloud); `sys-table`: SQL only (OSS). */
export const REFLECTION_SOURCES = ['rest', 'sys-table'] as const;
export type ReflectionSource = (typeof REFLECTION_SOURCES)[number];

/** `json`: `/apiv2/profiles/{id}.json` first; `zip`: the support ZIP only (Cloud has no raw endpoint). */
export const PROFILE_SOURCES = ['json', 'zip'] as const;
export type ProfileSource = (typeof PROFILE_SOURCES)[number];

export interface DremioDeployment {
  readonly kind: DeploymentKind;
  /** The version string as Dremio reports it, e.g. `25.1.1-202409260159070462-a4ee8e43`; `unknown` if hidden. */
  readonly version: string;
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  readonly enterprise: boolean;
  /** Cloud project id; empty on Software. */
  readonly projectId: string;
  readonly historyTable: HistoryTable;
  /** Columns the history table has on this version, in Dremio's order; empty for `jobs-listing`. */
  readonly historyColumns: readonly string[];
  /** Unit of the `*_epoch*` history columns: Software writes ms, Cloud ns. */
  readonly historyEpochUnit: 'ms' | 'ns';
  /** From 26.1 `queried_datasets`/`scanned_datasets` are ARRAY(VARCHAR), before that bracketed text. */
  readonly datasetListsAreArrays: boolean;
  readonly reflectionSource: ReflectionSource;
  /** `sys.reflections` on Software, `sys.project.reflections` on Cloud. */
  readonly reflectionsTable: string;
  readonly profileSource: ProfileSource;
}
