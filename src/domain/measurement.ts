/**
 * What a change did, measured on the workload's own runs before and after it took effect. The
 * product sets the verdict; the user never does.
 */
import type { ChangeKind, ChangeOrigin } from './change.js';

export const MEASUREMENT_VERDICTS = ['verified', 'no-effect', 'regressed', 'inconclusive'] as const;
export type MeasurementVerdict = (typeof MEASUREMENT_VERDICTS)[number];

/** Before/after speed: > 1 faster after the change, < 1 slower, with its confidence interval. */
export interface Speedup {
  readonly estimate: number;
  readonly low: number;
  readonly high: number;
}

export interface SideStats {
  readonly start: Date;
  readonly end: Date;
  /** Runs compared (after exclusions). */
  readonly runs: number;
  /** Execution time (duration less queue wait and engine start), ms. */
  readonly p50Ms: number | null;
  readonly p95Ms: number | null;
  /** The rest of the distribution, for a box plot; absent from measurements stored before they were kept. */
  readonly p10Ms?: number | null;
  readonly p25Ms?: number | null;
  readonly p75Ms?: number | null;
  readonly p90Ms?: number | null;
  readonly runsPerDay: number;
  /** Share of runs a reflection accelerated (0–1), null when unknown. */
  readonly acceleratedShare: number | null;
  readonly failures: number;
}

export interface FingerprintResult {
  readonly fingerprint: string;
  readonly before: SideStats;
  readonly after: SideStats;
  /** Hodges–Lehmann on log execution time; null when a side has no runs. */
  readonly speedup: Speedup | null;
  /** Bootstrap ratio of medians and of p95s (before / after). */
  readonly medianRatio: Speedup | null;
  readonly p95Ratio: Speedup | null;
  /** Two-sided Mann–Whitney p-value, and Benjamini–Hochberg adjusted over this measurement's fingerprints. */
  readonly pValue: number | null;
  readonly pAdjusted: number | null;
}

/** The drift control: the same comparison on fingerprints the change cannot affect. */
export interface DriftControl {
  readonly fingerprints: number;
  readonly runsBefore: number;
  readonly runsAfter: number;
  readonly speedup: Speedup | null;
  /** The control moved significantly (its interval excludes 1), so it was subtracted. */
  readonly significant: boolean;
  readonly subtracted: boolean;
}

export interface MetricImprovements {
  /** % less execution time (from the Hodges–Lehmann speedup); positive is better. */
  readonly durationPct: number | null;
  readonly memoryPct: number | null;
  readonly scanPct: number | null;
  readonly cpuPct: number | null;
}

export interface Exclusions {
  readonly failed: number;
  readonly cancelled: number;
  readonly cacheHits: number;
  readonly ownQueries: number;
  /** Runs between the earliest and the latest time the change may have taken effect. */
  readonly duringChange: number;
}

/** What an inconclusive measurement waits for. */
export interface WaitingFor {
  readonly beforeRunsNeeded: number;
  readonly afterRunsNeeded: number;
  /** When the missing runs are expected at the observed rate; null when the shapes stopped running. */
  readonly expectedBy: Date | null;
  readonly reason: string;
}

export interface Expectation {
  readonly estimatedSavingsMsPerDay: number;
  /** The estimate as % of the affected shapes' execution time per day before the change. */
  readonly estimatedImprovementPct: number | null;
  readonly measuredSavingsMsPerDay: number | null;
  /** Measured ≥ estimated − 20 points. */
  readonly meetsExpectation: boolean | null;
  /** Measured − estimated improvement, in points. */
  readonly expectationDeltaPct: number | null;
}

export interface Measurement {
  readonly changeId: bigint;
  readonly change: {
    readonly kind: ChangeKind;
    readonly subject: string;
    readonly datasetPath: string | null;
    readonly origin: ChangeOrigin;
    readonly effectiveFrom: Date;
    readonly effectiveTo: Date;
    readonly statement: string | null;
  };
  readonly recommendationId: string | null;
  readonly recommendationKind: string | null;
  readonly verdict: MeasurementVerdict;
  /** Why, in one sentence a Dremio administrator can check. */
  readonly reason: string;
  readonly before: SideStats;
  readonly after: SideStats;
  /** Pooled over the affected fingerprints, after the drift control when it was subtracted. */
  readonly speedup: Speedup | null;
  /** Before the drift control. */
  readonly rawSpeedup: Speedup | null;
  readonly pValue: number | null;
  /** The after side split in two consecutive windows; a verified change holds in both. */
  readonly windows: readonly {
    readonly start: Date;
    readonly end: Date;
    readonly runs: number;
    readonly speedup: Speedup | null;
  }[];
  readonly fingerprints: readonly FingerprintResult[];
  readonly drift: DriftControl;
  readonly improvements: MetricImprovements;
  readonly excluded: Exclusions;
  /** Execution time saved per day at the affected shapes' rate before the change (negative: lost). */
  readonly savedMsPerDay: number | null;
  readonly expectation: Expectation | null;
  readonly waitingFor: WaitingFor | null;
  /** The statement that undoes a regressed change, when there is one. */
  readonly rollback: string | null;
  /** The newest job the measurement saw: what "now" is for it. */
  readonly dataEnd: Date;
}

export interface StoredMeasurement extends Measurement {
  readonly id: bigint;
  readonly measuredAt: Date;
}
