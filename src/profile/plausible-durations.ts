import type { ProfileSummary } from '../domain/profile-summary.js';

/** Ten years: a query profile's duration beyond it comes from a garbled timestamp, not a slow query. */
export const MAX_PLAUSIBLE_DURATION_MS = 10 * 365.25 * 86_400_000;

// Fields named `…Ms`, `…Millis` or `…Nanos` are durations; the numbers inside one (`processNanos.max`,
// `stateDurationsMs.queued`) share its unit. Epochs are instants, not durations, and are left alone.
const DURATION_KEY = /(Ms|Millis|Nanos)$/;
const INSTANT_KEY = /Epoch/;

type Unit = 'ms' | 'ns';

/**
 * Replaces every impossible number in a summary, so no report prints NaN, Infinity, a negative
 * duration or one of 3 billion years: a non-finite number becomes 0 anywhere, and a duration that is
 * negative or longer than ten years becomes 0. Each replaced duration is named in `warnings`, so the 0
 * reads as "unknown", not as "instant". Profiles are untrusted: `start: 1e20` or a counter overflowed
 * to 2^63 arrive from real exports.
 */
export function withPlausibleDurations(summary: ProfileSummary): ProfileSummary {
  const replaced = new Set<string>();
  const clean = visit(summary, { unit: undefined, path: '', replaced }) as ProfileSummary;
  if (replaced.size === 0) return clean;
  const fields = [...replaced].sort();
  const listed = fields.slice(0, 5).join(', ') + (fields.length > 5 ? ` and ${fields.length - 5} more` : '');
  return {
    ...clean,
    warnings: [
      ...clean.warnings,
      `Impossible durations (negative, over ten years or not a number) are shown as 0: ${listed}.`,
    ],
  };
}

interface VisitState {
  readonly unit: Unit | undefined;
  readonly path: string;
  readonly replaced: Set<string>;
}

function visit(value: unknown, state: VisitState): unknown {
  if (typeof value === 'number') return plausible(value, state);
  if (Array.isArray(value)) return value.map((item) => visit(item, { ...state, path: `${state.path}[]` }));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const unit = INSTANT_KEY.test(key) ? undefined : (unitOf(key) ?? state.unit);
    out[key] = visit(child, {
      unit,
      path: state.path === '' ? key : `${state.path}.${key}`,
      replaced: state.replaced,
    });
  }
  return out;
}

function unitOf(key: string): Unit | undefined {
  if (!DURATION_KEY.test(key)) return undefined;
  return key.endsWith('Nanos') ? 'ns' : 'ms';
}

function plausible(value: number, state: VisitState): number {
  if (!Number.isFinite(value)) {
    state.replaced.add(state.path);
    return 0;
  }
  if (state.unit === undefined) return value;
  const ms = state.unit === 'ns' ? value / 1e6 : value;
  if (ms >= 0 && ms <= MAX_PLAUSIBLE_DURATION_MS) return value;
  state.replaced.add(state.path);
  return 0;
}
