import { findingAlertsHook } from '../alerts/index.js';
import type { AnalyzeWorkloadOptions } from '../analysis/analysis-service.js';
import { clusterEnvName, type ResolvedConfig } from '../config/index.js';
import { DEFAULT_CONNECTION_TUNING, type DremioConnectionOptions } from '../dremio/index.js';
import { ConfigError } from '../errors.js';
import type { Logger } from '../log/index.js';
import { DEFAULT_ARCHIVE_LIMITS } from '../profile/archive-limits.js';
import type { ImportOptions } from '../sources/import-service.js';
import { COLLECT_STAGES, type CollectSettings, type CollectStage } from '../sources/live/live-context.js';
import type { ConfiguredCluster } from './configured-clusters.js';

/**
 * The one place configuration becomes service options: the Dremio connection, collection defaults,
 * import limits and analysis overrides. The CLI, the demo, the API and the scheduler all go through it,
 * so a default changes here and everywhere at once.
 */

/** The Dremio connection the configuration describes; a clear ConfigError when it describes none. */
export function dremioOptionsFromConfig(config: ResolvedConfig, logger: Logger): DremioConnectionOptions {
  return connectionOptions(config.dremio, SINGLE_CLUSTER_KEYS, logger);
}

/** The connection of one configured cluster; problems name its entry and its variables. */
export function dremioOptionsOfCluster(cluster: ConfiguredCluster, logger: Logger): DremioConnectionOptions {
  if (cluster.source === 'dremio') return connectionOptions(cluster.dremio, SINGLE_CLUSTER_KEYS, logger);
  const entry = `clusters "${cluster.name}"`;
  return connectionOptions(
    cluster.dremio,
    {
      url: `${entry}.url`,
      username: `${entry}.username`,
      password: `${clusterEnvName(cluster.name, 'password')} (or ${entry}.password)`,
      token: `${clusterEnvName(cluster.name, 'token')} (or ${entry}.token)`,
    },
    logger,
  );
}

/** How problems name each setting: its variable for the `dremio` section, its entry for `clusters`. */
interface SettingLabels {
  readonly url: string;
  readonly username: string;
  readonly password: string;
  readonly token: string;
}

const SINGLE_CLUSTER_KEYS: SettingLabels = {
  url: 'DREMIO_URL',
  username: 'DREMIO_USERNAME',
  password: 'DREMIO_PASSWORD',
  token: 'DREMIO_TOKEN',
};

function connectionOptions(
  d: ResolvedConfig['dremio'],
  keys: SettingLabels,
  logger: Logger,
): DremioConnectionOptions {
  if (d.url === undefined) {
    throw new ConfigError(`no Dremio to talk to: ${keys.url} is not set`, {
      problems: [
        {
          key: keys.url,
          value: '(unset)',
          expected: 'the Dremio URL, e.g. http://dremio.example.com:9047 or https://api.dremio.cloud',
        },
      ],
      hint: 'or try the product without a cluster: `dremio-optimizer demo`, or `dremio-optimizer import` for offline files',
    });
  }
  return {
    url: d.url,
    auth: authOf(d, keys),
    ...(d.projectId === undefined ? {} : { projectId: d.projectId }),
    tls: { insecure: d.tlsInsecure, ...(d.tlsCaFile === undefined ? {} : { caFile: d.tlsCaFile }) },
    requestTimeoutMs: d.requestTimeoutMs,
    maxConcurrency: d.maxConcurrency,
    maxRequestsPerSecond: d.maxRequestsPerSecond,
    retry: DEFAULT_CONNECTION_TUNING.retry,
    logger,
  };
}

function authOf(d: ResolvedConfig['dremio'], keys: SettingLabels): DremioConnectionOptions['auth'] {
  if (d.token !== undefined) return { kind: 'pat', token: d.token };
  if (d.username !== undefined && d.password !== undefined)
    return { kind: 'password', userName: d.username, password: d.password };
  throw new ConfigError('no Dremio credentials configured', {
    problems: [
      {
        key: d.username === undefined ? keys.username : keys.password,
        value: '(unset)',
        expected: `${keys.username} and ${keys.password}, or a personal access token in ${keys.token} (required on Dremio Cloud)`,
      },
    ],
  });
}

/** Collection defaults every caller shares (the CLI's `collect` and `run`, the demo, the API). */
export const COLLECT_DEFAULTS = {
  /** Most profiles fetched in one run. */
  profileBudget: 200,
  /** Rows per history query. */
  historyPageRows: 5000,
  /** Most datasets whose catalog entry and file statistics are read per run. */
  maxDatasets: 100,
  // Cloud's history table lags about an hour behind; Software's only by jobs still finishing.
  overlapMsCloud: 3 * 3_600_000,
  overlapMsSoftware: 15 * 60_000,
} as const;

/** What a caller asks of one collection; everything else comes from the configuration. */
export interface CollectRequest {
  readonly clusterName?: string | undefined;
  readonly since?: Date | undefined;
  readonly until?: Date | undefined;
  readonly profileBudget?: number | undefined;
  readonly stages?: readonly CollectStage[] | undefined;
}

/** The store name of the configured Dremio: the Cloud project, the host, or `default` when none. */
export function defaultClusterName(config: ResolvedConfig): string {
  const { url, projectId } = config.dremio;
  if (projectId !== undefined) return `cloud-${projectId}`;
  return url === undefined ? 'default' : new URL(url).host;
}

export function collectSettingsFromConfig(
  config: ResolvedConfig,
  request: CollectRequest = {},
): CollectSettings {
  const cloud = config.dremio.projectId !== undefined;
  return {
    clusterName: request.clusterName ?? defaultClusterName(config),
    since: request.since,
    until: request.until,
    profileBudget: request.profileBudget ?? COLLECT_DEFAULTS.profileBudget,
    stages: new Set(request.stages ?? COLLECT_STAGES),
    redactSql: config.redactSql,
    storeRawProfiles: config.profiles.storeRaw,
    historyPageRows: COLLECT_DEFAULTS.historyPageRows,
    overlapMs: cloud ? COLLECT_DEFAULTS.overlapMsCloud : COLLECT_DEFAULTS.overlapMsSoftware,
    maxDatasets: COLLECT_DEFAULTS.maxDatasets,
    maxConcurrency: config.dremio.maxConcurrency,
  };
}

/** Import options the configuration decides (SQL redaction, raw profiles, file size limit). */
export function importOptionsFromConfig(
  config: ResolvedConfig,
): Pick<ImportOptions, 'redactSql' | 'storeRawProfiles' | 'limits'> {
  return {
    redactSql: config.redactSql,
    storeRawProfiles: config.profiles.storeRaw,
    limits: { ...DEFAULT_ARCHIVE_LIMITS, maxFileBytes: config.profiles.maxFileBytes },
  };
}

/** Analysis options the configuration decides: per-detector threshold overrides. */
export function analysisOptionsFromConfig(
  config: ResolvedConfig,
): Pick<AnalyzeWorkloadOptions, 'detectorOverrides' | 'onFindingsSaved'> {
  // Alerts of opened and resolved findings go to the outbox in the transaction that records them.
  const onFindingsSaved = findingAlertsHook(config);
  return {
    detectorOverrides: config.detectors,
    ...(onFindingsSaved === undefined ? {} : { onFindingsSaved }),
  };
}
