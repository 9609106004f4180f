import type { JobContext, WorkloadSnapshot } from '../analysis/detector.js';
import type { Reflection } from '../domain/reflection.js';
import { formatCount, formatDuration } from '../domain/units.js';
import { refreshMsPerDayOf } from './cost.js';
import { durationOf, isAccelerated, median } from './job-time.js';

export const LEDGER_VERDICTS = ['keep', 'review', 'drop'] as const;
export type LedgerVerdict = (typeof LEDGER_VERDICTS)[number];

/** What one existing reflection costs against what it saves, and what to do with it. */
export interface LedgerEntry {
  readonly reflectionId: string;
  readonly name: string | null;
  readonly datasetPath: string | null;
  readonly refreshMsPerDay: number;
  readonly footprintBytes: number | null;
  /** Jobs in the window that chose it. */
  readonly chosenJobs: number;
  /** Chosen jobs whose fingerprint also ran without acceleration, so a saving could be measured. */
  readonly comparedJobs: number;
  /** Null when no chosen job has non-accelerated runs of its fingerprint to compare with. */
  readonly savedMsPerDay: number | null;
  readonly netMsPerDay: number | null;
  /**
   * Where the saving comes from: `before-after` a measurement of the reflection's creation (the runs of
   * its shapes before it existed against after), `accelerated-runs` chosen runs against unaccelerated
   * runs of the same shapes in the window, `none` when neither could be measured.
   */
  readonly savingBasis: 'before-after' | 'accelerated-runs' | 'none';
  /** The measurement the saving comes from, when it does. */
  readonly measurementId: bigint | null;
  readonly verdict: LedgerVerdict;
  readonly reason: string;
}

function chose(context: JobContext, reflectionId: string): boolean {
  return (
    context.job.reflectionRelationships.some(
      (r) => r.reflectionId === reflectionId && r.relationship === 'CHOSEN',
    ) ||
    (context.profile?.acceleration.reflections.some((r) => r.reflectionId === reflectionId && r.chosen) ??
      false)
  );
}

/** Saving over chosen jobs: the median non-accelerated run of the same fingerprint minus each chosen run. */
function measuredSaving(snapshot: WorkloadSnapshot, chosen: readonly JobContext[]) {
  let savedMs = 0;
  let compared = 0;
  const baseline = new Map<string, number | undefined>();
  for (const c of chosen) {
    const fp = c.job.fingerprint;
    if (fp === null) continue;
    if (!baseline.has(fp)) {
      // A cache hit is no run the reflection would have served: it would drag the baseline down.
      const slow = (snapshot.fingerprints.get(fp)?.jobs ?? []).filter(
        (j) => !isAccelerated(j) && j.resultsCacheHit !== true,
      );
      baseline.set(fp, slow.length === 0 ? undefined : median(slow.map(durationOf)));
    }
    const base = baseline.get(fp);
    if (base === undefined) continue;
    savedMs += Math.max(0, base - durationOf(c));
    compared++;
  }
  return { savedMs, compared };
}

/** A before/after measurement of a reflection's creation: what it saved, measured. */
export interface MeasuredReflectionSaving {
  readonly measurementId: bigint;
  readonly savedMsPerDay: number;
}

function entryFor(
  snapshot: WorkloadSnapshot,
  r: Reflection,
  measured: MeasuredReflectionSaving | undefined,
): LedgerEntry {
  const days = Math.max(snapshot.window.days, 1 / 24);
  const chosen = snapshot.jobs.filter((c) => chose(c, r.reflectionId));
  const refreshMsPerDay = refreshMsPerDayOf(snapshot, r);
  const { savedMs, compared } = measuredSaving(snapshot, chosen);
  const savedMsPerDay = measured?.savedMsPerDay ?? (compared === 0 ? null : savedMs / days);
  const netMsPerDay = savedMsPerDay === null ? null : savedMsPerDay - refreshMsPerDay;
  const base = {
    reflectionId: r.reflectionId,
    name: r.name,
    datasetPath: r.datasetPath,
    refreshMsPerDay,
    footprintBytes: r.currentSizeBytes,
    chosenJobs: chosen.length,
    comparedJobs: compared,
    savedMsPerDay,
    netMsPerDay,
    savingBasis: measured !== undefined ? 'before-after' : compared === 0 ? 'none' : 'accelerated-runs',
    measurementId: measured?.measurementId ?? null,
  } as const;
  if (chosen.length === 0 && measured === undefined)
    return {
      ...base,
      verdict: 'drop',
      reason: `no job chose it in ${Math.round(days)} days; it still refreshes`,
    };
  if (netMsPerDay !== null && netMsPerDay < 0)
    return {
      ...base,
      verdict: 'review',
      reason: `its refreshes cost more execution time than the jobs it serves save${
        measured === undefined ? '' : ` (measured before/after, measurement ${measured.measurementId})`
      }`,
    };
  if (netMsPerDay === null)
    return {
      ...base,
      verdict: 'keep',
      reason: `${formatCount(chosen.length)} jobs chose it; none of their queries ran without it, so the saving is not measured`,
    };
  return {
    ...base,
    verdict: 'keep',
    reason: `saves ${formatDuration(netMsPerDay)} a day more than its refreshes cost${
      measured === undefined ? '' : ` (measured before/after, measurement ${measured.measurementId})`
    }`,
  };
}

/**
 * The reflection ledger: for every existing reflection, its refresh cost and footprint against the time
 * it saves → keep, review or drop. The saving is the before/after measurement of the reflection's
 * creation when there is one (by reflection id); otherwise jobs that chose it against non-accelerated
 * runs of the same fingerprints. Largest cost without saving first.
 */
export function reflectionLedger(
  snapshot: WorkloadSnapshot,
  measured: ReadonlyMap<string, MeasuredReflectionSaving> = new Map(),
): LedgerEntry[] {
  const order: Record<LedgerVerdict, number> = { drop: 0, review: 1, keep: 2 };
  return snapshot.reflections
    .map((r) => entryFor(snapshot, r, measured.get(r.reflectionId)))
    .sort((a, b) => order[a.verdict] - order[b.verdict] || b.refreshMsPerDay - a.refreshMsPerDay);
}
