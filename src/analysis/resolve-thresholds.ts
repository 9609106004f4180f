import { type DetectorId, isDetectorId } from '../domain/detector-id.js';
import { ConfigError, type ConfigProblem } from '../errors.js';
import type { Detector, DetectorThresholds } from './detector.js';

/** Each detector's thresholds after the config file's overrides, validated by its own schema. */
export type ResolvedThresholds = ReadonlyMap<DetectorId, DetectorThresholds>;

export interface ResolveThresholdsOptions {
  readonly detectors: readonly Detector[];
  /** `config.detectors`: `{ "<id>": { …partial thresholds… } }` from the config file. */
  readonly overrides: Readonly<Record<string, unknown>>;
}

/**
 * Merges each detector's defaults with `detectors.<id>` from the config (objects merge key by key, so
 * `{"spill": {"spilledBytes": {"critical": 1e10}}}` changes one rung) and validates the result with the
 * detector's zod schema. Every problem — an unknown detector or key, a malformed or non-monotonic
 * ladder — is collected into one ConfigError naming `detectors.<id>.<path>`, so the command stops at
 * start-up (exit 2) instead of silently falling back to the defaults.
 */
export function resolveThresholds(options: ResolveThresholdsOptions): ResolvedThresholds {
  const problems: ConfigProblem[] = [];
  for (const id of Object.keys(options.overrides)) {
    if (!isDetectorId(id)) {
      problems.push({
        key: `detectors.${id}`,
        value: shown(options.overrides[id]),
        expected: 'a detector id such as spill, skew or small-files (see docs/detectors.md)',
      });
    }
  }
  const resolved = new Map<DetectorId, DetectorThresholds>();
  for (const detector of options.detectors) {
    const override = options.overrides[detector.id];
    const prefix = `detectors.${detector.id}`;
    const merged = mergeOverride({ base: detector.defaults, override, path: prefix, problems });
    const parsed = detector.schema.safeParse(merged);
    if (parsed.success) {
      resolved.set(detector.id, parsed.data);
      continue;
    }
    for (const issue of parsed.error.issues) {
      const key = [prefix, ...issue.path.map(String)].join('.');
      problems.push({ key, value: shown(valueAt(merged, issue.path)), expected: issue.message });
    }
  }
  if (problems.length > 0) {
    throw new ConfigError(
      `invalid detector thresholds (${problems.length} problem${problems.length === 1 ? '' : 's'})`,
      {
        problems,
        hint: 'fix the detectors section of the config file; docs/detectors.md lists every threshold',
      },
    );
  }
  return resolved;
}

function mergeOverride(input: {
  readonly base: unknown;
  readonly override: unknown;
  readonly path: string;
  readonly problems: ConfigProblem[];
}): unknown {
  const { base, override, path, problems } = input;
  if (override === undefined) return base;
  if (!isPlainObject(base)) return override;
  if (!isPlainObject(override)) {
    problems.push({ key: path, value: shown(override), expected: 'an object of threshold overrides' });
    return base;
  }
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (!(key in base)) {
      problems.push({
        key: `${path}.${key}`,
        value: shown(value),
        expected: `one of the known keys: ${Object.keys(base).join(', ')}`,
      });
      continue;
    }
    merged[key] = mergeOverride({ base: base[key], override: value, path: `${path}.${key}`, problems });
  }
  return merged;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let cur = value;
  for (const part of path) {
    if (!isPlainObject(cur)) return undefined;
    cur = cur[String(part)];
  }
  return cur;
}

function shown(value: unknown): string {
  if (value === undefined) return '(unset)';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
