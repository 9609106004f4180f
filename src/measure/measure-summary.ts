import type { MeasurementVerdict, StoredMeasurement } from '../domain/measurement.js';

export interface KindAccuracy {
  /** The recommendation kind, or `hand-made` for changes no recommendation asked for. */
  readonly kind: string;
  readonly measurements: number;
  readonly estimatedSavingsMsPerDay: number;
  readonly measuredSavingsMsPerDay: number;
  /** Measured / estimated saving over the kind's completed measurements; null without an estimate. */
  readonly accuracy: number | null;
}

export interface MeasurementSummary {
  readonly days: number;
  /** The summary covers changes that took effect in [from, to]; `to` is the newest measured data. */
  readonly from: Date | null;
  readonly to: Date | null;
  readonly totalMeasurements: number;
  /** Measurements with a verdict other than inconclusive. */
  readonly completedMeasurements: number;
  readonly verdicts: Readonly<Record<MeasurementVerdict, number>>;
  /** Mean execution-time improvement of the completed measurements, %. */
  readonly averageImprovementPct: number | null;
  readonly averageMemoryImprovementPct: number | null;
  readonly averageScanImprovementPct: number | null;
  readonly averageCpuImprovementPct: number | null;
  /** Verified / completed. */
  readonly successRate: number | null;
  /** Execution time saved per day by verified changes, and in total since each took effect. */
  readonly timeSavedMsPerDay: number;
  readonly timeSavedMs: number;
  /** Of the measurements with an estimate: measured ≥ estimated − 20 points, above the estimate, below the tolerance. */
  readonly metExpectation: number;
  readonly exceededExpectation: number;
  readonly underperformed: number;
  readonly byKind: readonly KindAccuracy[];
}

function mean(values: readonly (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null && Number.isFinite(v));
  return known.length === 0 ? null : known.reduce((s, v) => s + v, 0) / known.length;
}

/** The figures over the changes that took effect in the last `days` days of measured data. */
export function summarizeMeasurements(all: readonly StoredMeasurement[], days: number): MeasurementSummary {
  const to = all.reduce<Date | null>((t, m) => (t === null || m.dataEnd > t ? m.dataEnd : t), null);
  const from = to === null ? null : new Date(to.getTime() - days * 86_400_000);
  const inRange = all.filter((m) => from === null || m.change.effectiveTo >= from);
  const completed = inRange.filter((m) => m.verdict !== 'inconclusive');
  const verified = completed.filter((m) => m.verdict === 'verified');
  const verdicts = { verified: 0, 'no-effect': 0, regressed: 0, inconclusive: 0 };
  for (const m of inRange) verdicts[m.verdict]++;
  const withEstimate = completed.filter((m) => m.expectation?.meetsExpectation != null);
  const timeSavedMsPerDay = verified.reduce((s, m) => s + (m.savedMsPerDay ?? 0), 0);
  const timeSavedMs = verified.reduce((s, m) => {
    const effectiveDays = Math.max(0, m.dataEnd.getTime() - m.change.effectiveTo.getTime()) / 86_400_000;
    return s + (m.savedMsPerDay ?? 0) * Math.min(days, effectiveDays);
  }, 0);
  const kinds = new Map<string, StoredMeasurement[]>();
  for (const m of completed) {
    const kind = m.recommendationKind ?? 'hand-made';
    kinds.set(kind, [...(kinds.get(kind) ?? []), m]);
  }
  return {
    days,
    from,
    to,
    totalMeasurements: inRange.length,
    completedMeasurements: completed.length,
    verdicts,
    averageImprovementPct: mean(completed.map((m) => m.improvements.durationPct)),
    averageMemoryImprovementPct: mean(completed.map((m) => m.improvements.memoryPct)),
    averageScanImprovementPct: mean(completed.map((m) => m.improvements.scanPct)),
    averageCpuImprovementPct: mean(completed.map((m) => m.improvements.cpuPct)),
    successRate: completed.length === 0 ? null : verified.length / completed.length,
    timeSavedMsPerDay,
    timeSavedMs,
    metExpectation: withEstimate.filter((m) => m.expectation?.meetsExpectation === true).length,
    exceededExpectation: withEstimate.filter((m) => (m.expectation?.expectationDeltaPct ?? 0) > 0).length,
    underperformed: withEstimate.filter((m) => m.expectation?.meetsExpectation === false).length,
    byKind: [...kinds]
      .map(([kind, ms]) => {
        const estimated = ms.reduce((s, m) => s + (m.expectation?.estimatedSavingsMsPerDay ?? 0), 0);
        const measured = ms.reduce((s, m) => s + (m.savedMsPerDay ?? 0), 0);
        return {
          kind,
          measurements: ms.length,
          estimatedSavingsMsPerDay: estimated,
          measuredSavingsMsPerDay: measured,
          accuracy: estimated > 0 ? measured / estimated : null,
        };
      })
      .sort((a, b) => a.kind.localeCompare(b.kind)),
  };
}
