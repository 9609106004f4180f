import {
  CLUSTER_ENV_KEYS,
  type ClusterEnvKey,
  clusterEnvName,
  INHERITED_DREMIO_KEYS,
} from './cluster-env.js';

/** Where a cluster's secret may come from besides its entry, highest priority first. */
export interface ClusterSecretSources {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly dotenv: Readonly<Record<string, string>>;
}

/**
 * The `clusters` value as the schema will read it: each entry with its `DREMIO_<NAME>_PASSWORD` /
 * `_TOKEN` from the environment or `.env` (they win over the file, as every variable does) and the
 * tuning keys set in the `dremio` section as defaults. Anything not a list of objects is left for the
 * schema to reject.
 */
export function resolveClusterEntries(
  raw: unknown,
  dremio: Readonly<Record<string, unknown>> | undefined,
  from: ClusterSecretSources,
): unknown {
  const list = typeof raw === 'string' ? parseJson(raw) : raw;
  if (!Array.isArray(list)) return raw;
  return list.map((entry: unknown) => {
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return entry;
    const out: Record<string, unknown> = {};
    for (const key of INHERITED_DREMIO_KEYS) if (dremio?.[key] !== undefined) out[key] = dremio[key];
    Object.assign(out, entry);
    const name = (entry as { name?: unknown }).name;
    if (typeof name !== 'string' || name === '') return out;
    for (const key of Object.keys(CLUSTER_ENV_KEYS) as ClusterEnvKey[]) {
      const variable = clusterEnvName(name, key);
      const value = nonEmpty(from.env[variable]) ?? nonEmpty(from.dotenv[variable]);
      if (value !== undefined) out[key] = value;
    }
    return out;
  });
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
