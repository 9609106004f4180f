import type { ConfigOrigin, LoadedConfig } from './load-config.js';
import { maskSecret } from './mask.js';
import { CLUSTER_SECRET_KEYS } from './schema.js';
import { SETTINGS } from './settings.js';

export interface EffectiveSetting {
  readonly key: string;
  readonly env: string;
  /** Display value: secrets masked, unset values as `undefined`. */
  readonly value: string | undefined;
  readonly origin: ConfigOrigin;
}

/** The effective value of every setting with where it came from, secrets masked: what `config show` prints. */
export function describeConfig(loaded: LoadedConfig): readonly EffectiveSetting[] {
  return SETTINGS.map((s) => {
    const raw = s.key
      .split('.')
      .reduce<unknown>((o, part) => (o as Record<string, unknown> | undefined)?.[part], loaded.config);
    // Lists (alert channels and rules) print as the JSON they are written in, not `[object Object]`.
    const text =
      raw === undefined
        ? undefined
        : typeof raw === 'object'
          ? JSON.stringify(s.key === 'clusters' ? maskClusterSecrets(raw) : raw)
          : String(raw);
    return {
      key: s.key,
      env: s.env,
      value: text !== undefined && s.secret ? maskSecret(text) : text,
      origin: loaded.origins[s.key] ?? { kind: 'default' },
    };
  });
}

export function describeOrigin(origin: ConfigOrigin): string {
  switch (origin.kind) {
    case 'default':
      return 'default';
    case 'env':
      return 'environment';
    case 'dotenv':
      return `.env (${origin.path})`;
    case 'file':
      return `config file (${origin.path})`;
  }
}

/** The cluster list with each password and token masked: which clusters and where stay readable. */
function maskClusterSecrets(list: unknown): unknown {
  if (!Array.isArray(list)) return list;
  return list.map((entry: Record<string, unknown>) => {
    const out = { ...entry };
    for (const key of CLUSTER_SECRET_KEYS)
      if (typeof out[key] === 'string') out[key] = maskSecret(out[key] as string);
    return out;
  });
}
