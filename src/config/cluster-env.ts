/**
 * The environment variables of one configured cluster: `DREMIO_<NAME>_PASSWORD` and
 * `DREMIO_<NAME>_TOKEN`, NAME being the cluster's name upper-cased with every character other than a
 * letter or digit replaced by `_` (`prod-eu` → `DREMIO_PROD_EU_PASSWORD`). They override the entry's
 * value in the config file, so a committed file need hold no secret.
 */
export const CLUSTER_ENV_KEYS = { password: 'PASSWORD', token: 'TOKEN' } as const;
export type ClusterEnvKey = keyof typeof CLUSTER_ENV_KEYS;

export function clusterEnvName(clusterName: string, key: ClusterEnvKey): string {
  return `DREMIO_${clusterEnvStem(clusterName)}_${CLUSTER_ENV_KEYS[key]}`;
}

/** The NAME part: two clusters with the same stem would share their secrets, so names must differ here. */
export function clusterEnvStem(clusterName: string): string {
  return clusterName.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

/** `DREMIO_<NAME>_PASSWORD` or `_TOKEN` of some cluster (the unnamed `DREMIO_PASSWORD` excluded). */
export const CLUSTER_SECRET_ENV = /^DREMIO_[A-Z0-9_]+_(PASSWORD|TOKEN)$/;

/**
 * Settings of the `dremio` section that, when set, are the defaults of every `clusters` entry: how to
 * talk to a Dremio, never which one or as whom (a password sent to the wrong cluster is a leak).
 */
export const INHERITED_DREMIO_KEYS = [
  'tlsCaFile',
  'tlsInsecure',
  'requestTimeoutMs',
  'maxConcurrency',
  'maxRequestsPerSecond',
] as const;

/** Settings of the `dremio` section that name one Dremio or its credentials: ambiguous beside `clusters`. */
export const IDENTITY_DREMIO_KEYS = ['url', 'username', 'password', 'token', 'projectId'] as const;
