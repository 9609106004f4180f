import type { WorkloadSnapshot } from '../analysis/detector.js';
import type { Measurement } from '../domain/measurement.js';
import type { RecommendationKind } from '../domain/recommendation.js';
import type { RecommendationDraft } from './draft.js';
import { median, runningMsOf } from './job-time.js';

// What earlier changes of the same kind actually did on this cluster (the measurements of src/measure),
// used instead of a fixed estimate for changes that speed queries up. Loaded by the service, passed in.

/** Median measured speedup (> 1 faster) per recommendation kind, with how many changes it rests on. */
export type MeasuredHistory = ReadonlyMap<
  RecommendationKind,
  { readonly speedup: number; readonly changes: number }
>;

/** Changes whose effect is "the affected queries run this much faster". */
const SPEEDUP_KINDS: ReadonlySet<RecommendationKind> = new Set([
  'create-aggregate-reflection',
  'create-raw-reflection',
  'optimize-table',
  'add-partition-field',
  'cluster-table',
  'rewrite-query',
]);

/** Conclusive measurements only: an inconclusive one says nothing about the kind. */
export function measuredHistoryOf(measurements: readonly Measurement[]): MeasuredHistory {
  const byKind = new Map<RecommendationKind, number[]>();
  for (const m of measurements) {
    const kind = m.recommendationKind as RecommendationKind | null;
    if (kind === null || !SPEEDUP_KINDS.has(kind) || m.verdict === 'inconclusive' || m.speedup === null)
      continue;
    byKind.set(kind, [...(byKind.get(kind) ?? []), m.speedup.estimate]);
  }
  return new Map([...byKind].map(([kind, s]) => [kind, { speedup: median(s), changes: s.length }]));
}

/**
 * The draft's saving from the measured speedup of its kind: each affected job's running time less the
 * same time divided by the speedup, per day. Unchanged when the kind has no measured history.
 */
export function withMeasuredSaving(
  draft: RecommendationDraft,
  snapshot: WorkloadSnapshot,
  history: MeasuredHistory | undefined,
): RecommendationDraft {
  const measured = history?.get(draft.kind);
  if (measured === undefined || measured.speedup <= 0) return draft;
  const ids = new Set(draft.payoff.jobIds);
  const runningMs = snapshot.jobs
    .filter((c) => ids.has(c.job.jobId))
    .reduce((sum, c) => sum + runningMsOf(c), 0);
  const days = Math.max(snapshot.window.days, 1 / 24);
  const savingsMsPerDay = Math.max(0, (runningMs * (1 - 1 / measured.speedup)) / days);
  return {
    ...draft,
    payoff: {
      ...draft.payoff,
      savingsMsPerDay,
      method: 'measured-change',
      basis:
        `${measured.changes} earlier ${draft.kind} change${measured.changes === 1 ? '' : 's'} on this cluster ` +
        `measured a median speedup of ×${measured.speedup.toFixed(2)}, applied to the ${ids.size} affected jobs ` +
        `(instead of: ${draft.payoff.basis})`,
      methodConfidence: Math.min(0.95, 0.7 + 0.05 * measured.changes),
    },
  };
}
