import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { parse as parseYaml } from 'yaml';
import { ConfigError, type ConfigProblem } from '../errors.js';
import { SECRET_NAME } from '../log/redact-text.js';
import { resolveClusterEntries } from './cluster-entries.js';
import { maskSecret } from './mask.js';
import { CLUSTER_SECRET_KEYS, configSchema, type ResolvedConfig } from './schema.js';
import { secretsOfConfig, secretsUnderKeys } from './secret-values.js';
import { SETTINGS, type Setting } from './settings.js';

/** Where a setting's effective value came from, lowest priority first. */
export type ConfigOrigin =
  | { readonly kind: 'default' }
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'dotenv'; readonly path: string }
  | { readonly kind: 'env' };

export interface LoadedConfig {
  readonly config: ResolvedConfig;
  readonly origins: Readonly<Record<string, ConfigOrigin>>;
  readonly configFile: string | undefined;
  /** Every secret value the configuration holds, for output scrubbing; never shown. */
  readonly secrets: readonly string[];
}

export interface ConfigSources {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** `--config PATH`; when absent the working directory is searched. */
  readonly configPath?: string;
}

const CONFIG_FILE_NAMES = [
  'dremio-optimizer.config.json',
  'dremio-optimizer.config.yaml',
  'dremio-optimizer.config.yml',
];
const TOP_LEVEL_EXTRA_KEYS = new Set(['detectors']);

/**
 * Merges defaults < config file < `.env` < environment, validates the result against the schema, and
 * returns a frozen config with the origin of every value. Throws one `ConfigError` listing every problem.
 */
export function loadConfig(sources: ConfigSources): LoadedConfig {
  const problems: ConfigProblem[] = [];
  const configFile = findConfigFile(sources);
  const fileValues = configFile === undefined ? {} : readConfigFile(configFile);
  const dotenvPath = resolve(sources.cwd, '.env');
  const dotenv = existsSync(dotenvPath) ? parseDotenv(readFileSync(dotenvPath)) : {};

  const input: Record<string, unknown> = {};
  const origins: Record<string, ConfigOrigin> = {};
  for (const s of SETTINGS) {
    const picked = pickValue(s, { fileValues, configFile, dotenv, dotenvPath, env: sources.env });
    origins[s.key] = picked.origin;
    setPath(input, s.key, picked.value);
  }
  for (const key of Object.keys(fileValues)) {
    if (TOP_LEVEL_EXTRA_KEYS.has(key)) input[key] = fileValues[key];
  }
  if (input.clusters !== undefined) {
    input.clusters = resolveClusterEntries(input.clusters, input.dremio as Record<string, unknown>, {
      env: sources.env,
      dotenv,
    });
  }
  problems.push(...unknownFileKeys(fileValues, configFile));

  const parsed = configSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(describeIssue(issue, { input, origins }));
  }
  if (problems.length > 0 || !parsed.success) {
    throw new ConfigError(
      `invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'})`,
      {
        problems,
        hint: 'fix the values named above; `dremio-optimizer config show` prints the effective configuration',
      },
    );
  }
  const secrets = [
    ...secretsOfConfig(parsed.data),
    ...secretsUnderKeys(fileValues),
    ...secretsUnderKeys(dotenv),
  ];
  return { config: deepFreeze(parsed.data), origins, configFile, secrets };
}

function findConfigFile(sources: ConfigSources): string | undefined {
  if (sources.configPath !== undefined) {
    const path = resolve(sources.cwd, sources.configPath);
    if (!existsSync(path)) {
      throw new ConfigError(`config file not found: ${path}`, {
        problems: [{ key: '--config', value: sources.configPath, expected: 'an existing JSON or YAML file' }],
      });
    }
    return path;
  }
  return CONFIG_FILE_NAMES.map((n) => resolve(sources.cwd, n)).find((p) => existsSync(p));
}

function readConfigFile(path: string): Record<string, unknown> {
  const text = readFileSync(path, 'utf8');
  let value: unknown;
  try {
    value = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (cause) {
    throw new ConfigError(`cannot parse config file ${path}: ${(cause as Error).message}`, { cause });
  }
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError(`config file ${path} must hold an object of settings`, {
      problems: [{ key: path, value: typeof value, expected: 'an object such as {"dremio": {"url": "…"}}' }],
    });
  }
  return value as Record<string, unknown>;
}

function pickValue(
  s: Setting,
  from: {
    fileValues: Record<string, unknown>;
    configFile: string | undefined;
    dotenv: Record<string, string>;
    dotenvPath: string;
    env: Readonly<Record<string, string | undefined>>;
  },
): { value: unknown; origin: ConfigOrigin } {
  const envValue = from.env[s.env];
  if (envValue !== undefined && envValue !== '') return { value: envValue, origin: { kind: 'env' } };
  const dotenvValue = from.dotenv[s.env];
  if (dotenvValue !== undefined && dotenvValue !== '') {
    return { value: dotenvValue, origin: { kind: 'dotenv', path: from.dotenvPath } };
  }
  const fileValue = getPath(from.fileValues, s.key);
  if (fileValue !== undefined && from.configFile !== undefined) {
    return { value: fileValue, origin: { kind: 'file', path: from.configFile } };
  }
  return { value: undefined, origin: { kind: 'default' } };
}

function unknownFileKeys(values: Record<string, unknown>, file: string | undefined): ConfigProblem[] {
  const known = new Set(SETTINGS.map((s) => s.key));
  const problems: ConfigProblem[] = [];
  const visit = (obj: Record<string, unknown>, prefix: string) => {
    for (const [name, value] of Object.entries(obj)) {
      const key = prefix + name;
      if (prefix === '' && TOP_LEVEL_EXTRA_KEYS.has(name)) continue;
      if (known.has(key)) continue;
      const isGroup = [...known].some((k) => k.startsWith(`${key}.`));
      if (isGroup && value !== null && typeof value === 'object' && !Array.isArray(value)) {
        visit(value as Record<string, unknown>, `${key}.`);
      } else {
        problems.push({
          key: `${key} (in ${file})`,
          value: SECRET_NAME.test(name) ? maskSecret(String(value)) : String(value),
          expected: `one of the known keys: ${[...known].join(', ')}`,
        });
      }
    }
  };
  visit(values, '');
  return problems;
}

function describeIssue(
  issue: { path: readonly PropertyKey[]; message: string },
  ctx: { input: Record<string, unknown>; origins: Record<string, ConfigOrigin> },
): ConfigProblem {
  const key = issue.path.map(String).join('.');
  const setting = SETTINGS.find((s) => s.key === key);
  const raw = getPath(ctx.input, key);
  const shown = raw === undefined ? '(unset)' : String(raw);
  if (issue.path[0] === 'clusters' && issue.path.length >= 2) return clusterProblem(issue, ctx, shown);
  if (setting === undefined) return { key, value: shown, expected: issue.message };
  const origin = ctx.origins[key];
  const label =
    origin?.kind === 'file'
      ? `${setting.key} (in ${origin.path})`
      : origin?.kind === 'dotenv'
        ? `${setting.env} (in .env)`
        : setting.env;
  return { key: label, value: setting.secret ? maskSecret(shown) : shown, expected: issue.message };
}

/** A problem inside one `clusters` entry, named by the entry's name where it has one. */
function clusterProblem(
  issue: { path: readonly PropertyKey[]; message: string },
  ctx: { input: Record<string, unknown>; origins: Record<string, ConfigOrigin> },
  shown: string,
): ConfigProblem {
  const [, index, ...rest] = issue.path.map(String);
  const name = getPath(ctx.input, `clusters.${index}.name`);
  const field = rest.join('.');
  const origin = ctx.origins.clusters;
  const where =
    origin?.kind === 'file' ? ` (in ${origin.path})` : origin?.kind === 'env' ? ' (DREMIO_CLUSTERS)' : '';
  const secret = (CLUSTER_SECRET_KEYS as readonly string[]).includes(field);
  return {
    key: `clusters[${index}]${typeof name === 'string' ? ` "${name}"` : ''}${field === '' ? '' : `.${field}`}${where}`,
    value: secret ? maskSecret(shown) : shown,
    expected: issue.message,
  };
}

function getPath(obj: Record<string, unknown>, key: string): unknown {
  let cur: unknown = obj;
  for (const part of key.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function setPath(obj: Record<string, unknown>, key: string, value: unknown): void {
  const parts = key.split('.');
  let cur = obj;
  for (const part of parts.slice(0, -1)) {
    cur[part] ??= {};
    cur = cur[part] as Record<string, unknown>;
  }
  // Unset leaves still create their groups, so nested defaults apply.
  if (value !== undefined) cur[parts.at(-1)!] = value;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
