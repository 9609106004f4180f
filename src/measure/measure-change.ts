import { shapesThatScan } from '../analysis/results-cache-hit.js';
import { benjaminiHochberg, bootstrapRatio, driftAdjusted, fisherExact } from '../analysis/stats/index.js';
import type { StoredChange } from '../domain/change.js';
import type {
  DriftControl,
  Expectation,
  FingerprintResult,
  Measurement,
  MeasurementVerdict,
  Speedup,
  WaitingFor,
} from '../domain/measurement.js';
import type { MeasuredRun } from '../store/index.js';
import {
  type LogShift,
  logShift,
  pooledShift,
  toSpeedup,
  type WeightedShift,
  weightedShift,
} from './pooled-shift.js';
import { rollbackStatement } from './rollback.js';
import { addExclusions, filterRuns } from './run-filter.js';
import { daysBetween, metricImprovement, sideStats } from './side-stats.js';
import {
  EXPECTATION_TOLERANCE_PCT,
  FAILURE_P,
  FAILURE_RISE_PCT,
  MIN_CONTROL_RUNS,
  MIN_IMPROVEMENT_PCT,
  MIN_RUNS_BEFORE,
  MIN_RUNS_PER_WINDOW,
  MIN_SPEEDUP_LOW,
  REGRESSION_SLOWDOWN,
} from './thresholds.js';

const BOOTSTRAP_SEED = 20_241;

export interface Window {
  readonly start: Date;
  readonly end: Date;
}

export interface MeasureChangeInput {
  readonly change: StoredChange;
  readonly recommendation: {
    readonly id: string;
    readonly kind: string;
    readonly estimatedSavingsMsPerDay: number;
  } | null;
  /** Runs of the affected shapes before the change and after it. */
  readonly before: readonly MeasuredRun[];
  readonly after: readonly MeasuredRun[];
  /** Runs of the affected shapes while the change may have been taking effect: left out, counted. */
  readonly duringChange: number;
  /** Runs of shapes the change cannot affect, over the same windows. */
  readonly controlBefore: readonly MeasuredRun[];
  readonly controlAfter: readonly MeasuredRun[];
  readonly beforeWindow: Window;
  readonly afterWindow: Window;
  readonly dataEnd: Date;
  /** The shape each after-run is compared with (a rewritten query: its old fingerprint). */
  readonly comparedWith?: (run: MeasuredRun) => string;
}

/**
 * Measures one change on the affected shapes' runs: per shape and pooled, Hodges–Lehmann on log
 * execution time with Mann–Whitney p-values (Benjamini–Hochberg over the shapes), bootstrap ratios of
 * the median and p95, a drift control on unaffected shapes subtracted when it moved significantly,
 * and a verdict that requires the improvement to hold in two consecutive windows after the change.
 */
export function measureChange(input: MeasureChangeInput): Measurement {
  const comparedWith = input.comparedWith ?? ((r: MeasuredRun) => r.fingerprint);
  const scans = shapesThatScan(input.before, (r) => r.fingerprint);
  const before = filterRuns(input.before, (r) => scans.has(r.fingerprint));
  const after = filterRuns(input.after, (r) => scans.has(comparedWith(r)));
  const excluded = addExclusions(before, after, input.duringChange);
  const beforeStats = sideStats(before.kept, input.beforeWindow, before.failed);
  const afterStats = sideStats(after.kept, input.afterWindow, after.failed);

  const fingerprints = perFingerprint(before.kept, after.kept, input, comparedWith);
  const total = totalShift(before.kept, input, comparedWith);
  const raw = total(after.kept);
  const drift = driftControl(input, raw);
  const shift = drift.adjusted ?? raw;
  const halves = splitInTwo(after.kept);
  const windows = halves.map((half) => {
    const s = total(half.runs);
    return {
      start: half.start,
      end: half.end,
      runs: half.runs.length,
      speedup: s === null ? null : toSpeedup(adjust(s, drift)),
    };
  });
  const speedup = shift === null ? null : toSpeedup(shift);
  const durationPct = speedup === null ? null : (1 - 1 / speedup.estimate) * 100;
  const improvements = {
    durationPct,
    memoryPct: metricImprovement(before.kept, after.kept, (r) => r.memoryBytes),
    scanPct: metricImprovement(before.kept, after.kept, (r) => r.bytesScanned),
    cpuPct: metricImprovement(before.kept, after.kept, (r) => r.cpuMs),
  };
  const failureRegression = newFailures(before, after);
  const decided = decide({
    fingerprints,
    beforeRuns: before.kept.length,
    windows,
    speedup,
    pValue: shift?.pValue ?? null,
    failureRegression,
    beforeRate: beforeStats.runsPerDay,
    dataEnd: input.dataEnd,
  });
  const savedMsPerDay = savedPerDay(input.beforeWindow, before.kept, speedup);
  const expectation = expectationOf(input, before.kept, savedMsPerDay, durationPct);
  const mixed = mixedNote(fingerprints);
  return {
    changeId: input.change.id,
    change: {
      kind: input.change.kind,
      subject: input.change.subject,
      datasetPath: input.change.datasetPath,
      origin: input.change.origin,
      effectiveFrom: input.change.effectiveFrom,
      effectiveTo: input.change.effectiveTo,
      statement: input.change.statement,
    },
    recommendationId: input.recommendation?.id ?? input.change.recommendationId,
    recommendationKind: input.recommendation?.kind ?? null,
    verdict: decided.verdict,
    reason: mixed === '' ? decided.reason : `${decided.reason}; ${mixed}`,
    before: beforeStats,
    after: afterStats,
    speedup,
    rawSpeedup: raw === null ? null : toSpeedup(raw),
    pValue: shift?.pValue ?? null,
    windows,
    fingerprints,
    drift: drift.control,
    improvements,
    excluded,
    savedMsPerDay,
    expectation,
    waitingFor: decided.waitingFor,
    rollback: decided.verdict === 'regressed' ? rollbackStatement(input.change) : null,
    dataEnd: input.dataEnd,
  };
}

/**
 * The total over shapes, for any subset of the runs after: each shape's Hodges–Lehmann shift weighted
 * by its execution time per day before the change.
 */
function totalShift(
  before: readonly MeasuredRun[],
  input: MeasureChangeInput,
  comparedWith: (run: MeasuredRun) => string,
): (subset: readonly MeasuredRun[]) => LogShift | null {
  const days = daysBetween(input.beforeWindow.start, input.beforeWindow.end);
  const beforeOf = new Map<string, number[]>();
  for (const r of before) {
    const list = beforeOf.get(r.fingerprint) ?? [];
    list.push(r.execMs as number);
    beforeOf.set(r.fingerprint, list);
  }
  return (subset) => {
    const afterOf = new Map<string, number[]>();
    for (const r of subset) {
      const fp = comparedWith(r);
      const list = afterOf.get(fp) ?? [];
      list.push(r.execMs as number);
      afterOf.set(fp, list);
    }
    const parts: WeightedShift[] = [];
    for (const [fp, b] of beforeOf) {
      const shift = logShift(b, afterOf.get(fp) ?? []);
      if (shift !== null)
        parts.push({ shift, msPerDay: b.reduce((s, v) => s + v, 0) / Math.max(days, 1e-9) });
    }
    return weightedShift(parts);
  };
}

/** When shapes moved in opposite directions, the total hides it: say which went which way. */
function mixedNote(shapes: readonly FingerprintResult[]): string {
  const significant = shapes.filter((f) => f.speedup !== null && f.pAdjusted !== null && f.pAdjusted < 0.05);
  const faster = significant.filter((f) => f.speedup!.low > 1);
  const slower = significant.filter((f) => f.speedup!.high < 1);
  if (faster.length === 0 || slower.length === 0) return '';
  const list = (fs: readonly FingerprintResult[]) =>
    fs.map((f) => `${f.fingerprint} ${f.speedup!.estimate.toFixed(2)}×`).join(', ');
  return `shapes moved apart: faster ${list(faster)}; slower ${list(slower)}`;
}

function perFingerprint(
  before: readonly MeasuredRun[],
  after: readonly MeasuredRun[],
  input: MeasureChangeInput,
  comparedWith: (run: MeasuredRun) => string,
): FingerprintResult[] {
  const shapes = new Map<string, { b: MeasuredRun[]; a: MeasuredRun[] }>();
  const entry = (fp: string) => {
    let e = shapes.get(fp);
    if (e === undefined) {
      e = { b: [], a: [] };
      shapes.set(fp, e);
    }
    return e;
  };
  for (const r of before) entry(r.fingerprint).b.push(r);
  for (const r of after) entry(comparedWith(r)).a.push(r);
  const rows = [...shapes].map(([fingerprint, { b, a }]) => {
    const bt = b.map((r) => r.execMs as number);
    const at = a.map((r) => r.execMs as number);
    const shift = logShift(bt, at);
    const ratio = (q: number): Speedup | null => {
      if (bt.length < 2 || at.length < 2) return null;
      const r = bootstrapRatio(bt, at, { quantile: q, seed: BOOTSTRAP_SEED });
      return { estimate: r.estimate, low: r.lower, high: r.upper };
    };
    return {
      fingerprint,
      before: sideStats(b, input.beforeWindow, 0),
      after: sideStats(a, input.afterWindow, 0),
      speedup: shift === null ? null : toSpeedup(shift),
      medianRatio: ratio(0.5),
      p95Ratio: ratio(0.95),
      pValue: shift?.pValue ?? null,
      pAdjusted: null as number | null,
    };
  });
  const tested = rows.filter((r) => r.pValue !== null);
  const adjusted = benjaminiHochberg(tested.map((r) => r.pValue as number)).adjusted;
  tested.forEach((r, i) => {
    r.pAdjusted = adjusted[i] ?? null;
  });
  return rows.sort((x, y) => y.before.runs - x.before.runs || x.fingerprint.localeCompare(y.fingerprint));
}

function driftControl(
  input: MeasureChangeInput,
  treated: LogShift | null,
): { readonly control: DriftControl; readonly adjusted: LogShift | null } {
  const counts = (runs: readonly MeasuredRun[]) => {
    const m = new Map<string, number>();
    for (const r of runs) m.set(r.fingerprint, (m.get(r.fingerprint) ?? 0) + 1);
    return m;
  };
  const cb = filterRuns(input.controlBefore, () => false).kept;
  const ca = filterRuns(input.controlAfter, () => false).kept;
  const nb = counts(cb);
  const na = counts(ca);
  const shapes = new Set(
    [...nb.keys()].filter(
      (fp) => (nb.get(fp) ?? 0) >= MIN_CONTROL_RUNS && (na.get(fp) ?? 0) >= MIN_CONTROL_RUNS,
    ),
  );
  const before = cb.filter((r) => shapes.has(r.fingerprint));
  const after = ca.filter((r) => shapes.has(r.fingerprint));
  const shift = pooledShift(before, after);
  const base = { fingerprints: shapes.size, runsBefore: before.length, runsAfter: after.length };
  if (shift === null || treated === null)
    return {
      control: {
        ...base,
        speedup: shift === null ? null : toSpeedup(shift),
        significant: false,
        subtracted: false,
      },
      adjusted: null,
    };
  const did = driftAdjusted({ treated, control: shift });
  const control = {
    ...base,
    speedup: toSpeedup(shift),
    significant: did.controlSignificant,
    subtracted: did.controlSignificant,
  };
  if (!did.controlSignificant) return { control, adjusted: null };
  return { control, adjusted: { ...treated, estimate: did.estimate, lower: did.lower, upper: did.upper } };
}

function adjust(shift: LogShift, drift: { readonly control: DriftControl }): LogShift {
  if (!drift.control.subtracted || drift.control.speedup === null) return shift;
  const c = Math.log(drift.control.speedup.estimate);
  return { ...shift, estimate: shift.estimate - c, lower: shift.lower - c, upper: shift.upper - c };
}

/** The runs after the change in two consecutive windows of equal run count, oldest first. */
function splitInTwo(runs: readonly MeasuredRun[]): { start: Date; end: Date; runs: MeasuredRun[] }[] {
  if (runs.length === 0) return [];
  const sorted = [...runs].sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime());
  const middle = Math.ceil(sorted.length / 2);
  const parts = [sorted.slice(0, middle), sorted.slice(middle)].filter((p) => p.length > 0);
  return parts.map((p) => ({ start: p[0]!.submittedAt, end: p[p.length - 1]!.submittedAt, runs: p }));
}

function newFailures(
  before: { readonly kept: readonly MeasuredRun[]; readonly failed: number },
  after: { readonly kept: readonly MeasuredRun[]; readonly failed: number },
): string | null {
  const b = before.kept.length + before.failed;
  const a = after.kept.length + after.failed;
  if (a === 0 || after.failed === 0) return null;
  const riseb = b === 0 ? 0 : before.failed / b;
  const risea = after.failed / a;
  if ((risea - riseb) * 100 < FAILURE_RISE_PCT) return null;
  const test = fisherExact(
    [
      [after.failed, a - after.failed],
      [before.failed, b - before.failed],
    ],
    { alternative: 'greater' },
  );
  if (test.pValue >= FAILURE_P) return null;
  return `${after.failed} of ${a} runs failed after the change against ${before.failed} of ${b} before (Fisher p = ${test.pValue.toPrecision(2)})`;
}

function fmt(x: number): string {
  return x >= 10 ? x.toFixed(0) : x.toFixed(2);
}

/** Shapes made ≥ 1.5× slower with confidence (BH-adjusted), each with enough runs on both sides. */
function regressedShapes(shapes: readonly FingerprintResult[]): FingerprintResult[] {
  return shapes
    .filter(
      (f) =>
        f.speedup !== null &&
        f.pAdjusted !== null &&
        f.pAdjusted < 0.05 &&
        f.speedup.high < 1 &&
        1 / f.speedup.estimate >= REGRESSION_SLOWDOWN &&
        f.before.runs >= MIN_RUNS_PER_WINDOW &&
        f.after.runs >= MIN_RUNS_PER_WINDOW,
    )
    .sort((a, b) => (a.speedup?.estimate ?? 1) - (b.speedup?.estimate ?? 1));
}

function decide(options: {
  readonly fingerprints: readonly FingerprintResult[];
  readonly beforeRuns: number;
  readonly windows: readonly {
    readonly runs: number;
    readonly speedup: Speedup | null;
    readonly end: Date;
  }[];
  readonly speedup: Speedup | null;
  readonly pValue: number | null;
  readonly failureRegression: string | null;
  readonly beforeRate: number;
  readonly dataEnd: Date;
}): { verdict: MeasurementVerdict; reason: string; waitingFor: WaitingFor | null } {
  const { speedup } = options;
  if (options.failureRegression !== null)
    return { verdict: 'regressed', reason: options.failureRegression, waitingFor: null };
  if (
    speedup !== null &&
    1 / speedup.estimate >= REGRESSION_SLOWDOWN &&
    speedup.high < 1 &&
    options.windows.length === 2 &&
    options.windows.every((w) => w.runs >= MIN_RUNS_PER_WINDOW)
  )
    return {
      verdict: 'regressed',
      reason: `runs are ${fmt(1 / speedup.estimate)}× slower after the change (95% interval ${fmt(1 / speedup.high)}–${fmt(1 / speedup.low)}×)`,
      waitingFor: null,
    };
  // A shape several times slower is a regression for whoever runs it, whatever the total says.
  const slower = regressedShapes(options.fingerprints);
  if (slower.length > 0)
    return {
      verdict: 'regressed',
      reason: `${slower.length} query shape(s) ≥ ${REGRESSION_SLOWDOWN}× slower with confidence: ${slower
        .slice(0, 3)
        .map(
          (f) =>
            `${f.fingerprint} ${fmt(1 / f.speedup!.estimate)}× slower (${f.before.runs}/${f.after.runs} runs)`,
        )
        .join(', ')}`,
      waitingFor: null,
    };
  const afterRuns = options.windows.reduce((n, w) => n + w.runs, 0);
  const beforeNeeded = Math.max(0, MIN_RUNS_BEFORE - options.beforeRuns);
  const afterNeeded = Math.max(0, 2 * MIN_RUNS_PER_WINDOW - afterRuns);
  if (beforeNeeded > 0 || afterNeeded > 0) {
    const rate = options.beforeRate;
    const expectedBy =
      afterNeeded > 0 && rate > 0
        ? new Date(options.dataEnd.getTime() + (afterNeeded / rate) * 86_400_000)
        : null;
    const parts = [
      beforeNeeded > 0
        ? `${beforeNeeded} more run(s) before the change (history holds ${options.beforeRuns})`
        : '',
      afterNeeded > 0 ? `${afterNeeded} more run(s) after it (${afterRuns} so far)` : '',
    ].filter((p) => p !== '');
    const when =
      expectedBy !== null
        ? `; at ${fmt(rate)} runs a day they are expected by ${expectedBy.toISOString()}`
        : afterNeeded > 0
          ? '; the affected shapes have not run at a measurable rate'
          : '';
    return {
      verdict: 'inconclusive',
      reason: `waiting for ${parts.join(' and ')}${when}`,
      waitingFor: {
        beforeRunsNeeded: beforeNeeded,
        afterRunsNeeded: afterNeeded,
        expectedBy,
        reason: parts.join(' and '),
      },
    };
  }
  if (speedup === null)
    return {
      verdict: 'inconclusive',
      reason: 'no affected shape ran on both sides of the change',
      waitingFor: null,
    };
  const passes = (s: Speedup | null) =>
    s !== null && (1 - 1 / s.estimate) * 100 >= MIN_IMPROVEMENT_PCT && s.low >= MIN_SPEEDUP_LOW;
  const interval = `${fmt(speedup.estimate)}× faster (95% interval ${fmt(speedup.low)}–${fmt(speedup.high)}×)`;
  if (passes(speedup) && options.windows.every((w) => passes(w.speedup)))
    return { verdict: 'verified', reason: `${interval}, in both windows after the change`, waitingFor: null };
  if (passes(speedup)) {
    const short = options.windows.find((w) => !passes(w.speedup));
    return {
      verdict: 'inconclusive',
      reason: `${interval} overall, but not yet in both windows after the change (one shows ${short?.speedup ? fmt(short.speedup.estimate) : '?'}×); waiting for more runs`,
      waitingFor: {
        beforeRunsNeeded: 0,
        afterRunsNeeded: afterRuns,
        expectedBy:
          options.beforeRate > 0
            ? new Date(options.dataEnd.getTime() + (afterRuns / options.beforeRate) * 86_400_000)
            : null,
        reason: 'the improvement to hold in a second window',
      },
    };
  }
  return {
    verdict: 'no-effect',
    reason: `${interval}: short of ${MIN_IMPROVEMENT_PCT}% less time with the interval above ${MIN_SPEEDUP_LOW}×`,
    waitingFor: null,
  };
}

function beforeMsPerDay(window: Window, before: readonly MeasuredRun[]): number {
  const days = daysBetween(window.start, window.end);
  return days > 0 ? before.reduce((s, r) => s + (r.execMs as number), 0) / days : 0;
}

/** Execution time the affected shapes no longer spend each day, at their rate before the change. */
function savedPerDay(window: Window, before: readonly MeasuredRun[], speedup: Speedup | null): number | null {
  return speedup === null ? null : beforeMsPerDay(window, before) * (1 - 1 / speedup.estimate);
}

function expectationOf(
  input: MeasureChangeInput,
  before: readonly MeasuredRun[],
  measured: number | null,
  durationPct: number | null,
): Expectation | null {
  const rec = input.recommendation;
  if (rec === null) return null;
  const perDay = beforeMsPerDay(input.beforeWindow, before);
  const estimatedPct = perDay > 0 ? Math.min(100, (rec.estimatedSavingsMsPerDay / perDay) * 100) : null;
  const delta = durationPct === null || estimatedPct === null ? null : durationPct - estimatedPct;
  return {
    estimatedSavingsMsPerDay: rec.estimatedSavingsMsPerDay,
    estimatedImprovementPct: estimatedPct,
    measuredSavingsMsPerDay: measured,
    meetsExpectation: delta === null ? null : delta >= -EXPECTATION_TOLERANCE_PCT,
    expectationDeltaPct: delta,
  };
}
