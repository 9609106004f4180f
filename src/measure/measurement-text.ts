import type { Speedup, StoredMeasurement } from '../domain/measurement.js';
import type { MeasurementSummary } from './measure-summary.js';

function times(s: Speedup | null): string {
  if (s === null) return '—';
  const f = (x: number) => (x >= 10 ? x.toFixed(0) : x.toFixed(2));
  return `${f(s.estimate)}× [${f(s.low)}–${f(s.high)}]`;
}

function pct(x: number | null): string {
  return x === null ? '—' : `${x >= 0 ? '+' : ''}${x.toFixed(1)} %`;
}

function seconds(ms: number | null): string {
  return ms === null ? '—' : `${(ms / 1000).toFixed(Math.abs(ms) < 10_000 ? 1 : 0)} s`;
}

/** One line per measurement: id, verdict, speedup with its interval, runs, what changed. */
export function measurementsTable(ms: readonly StoredMeasurement[]): string {
  if (ms.length === 0) return 'no measurements (nothing applied or detected yet)';
  const rows = ms.map((m) => [
    String(m.id),
    m.verdict,
    times(m.speedup),
    `${m.before.runs}/${m.after.runs}`,
    m.change.effectiveTo.toISOString().slice(0, 16).replace('T', ' '),
    m.recommendationId ?? '—',
    `${m.change.kind} ${m.change.subject}`,
  ]);
  const header = [
    'ID',
    'VERDICT',
    'SPEEDUP [95% CI]',
    'RUNS B/A',
    'EFFECTIVE (UTC)',
    'RECOMMENDATION',
    'CHANGE',
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

/** Everything about one measurement, in the order an administrator checks it. */
export function measurementDetail(m: StoredMeasurement): string {
  const lines = [
    `measurement ${m.id}  ${m.verdict.toUpperCase()}  (${m.change.kind} ${m.change.subject})`,
    m.reason,
    '',
    `Change:      ${m.change.origin}, took effect ${m.change.effectiveFrom.toISOString()}${
      m.change.effectiveTo > m.change.effectiveFrom ? ` – ${m.change.effectiveTo.toISOString()}` : ''
    }`,
    ...(m.change.statement === null ? [] : [`Statement:   ${m.change.statement}`]),
    ...(m.recommendationId === null
      ? []
      : [`Recommends:  ${m.recommendationId} (${m.recommendationKind ?? '?'})`]),
    `Before:      ${m.before.runs} runs ${m.before.start.toISOString()} – ${m.before.end.toISOString()}, p50 ${seconds(m.before.p50Ms)}, p95 ${seconds(m.before.p95Ms)}`,
    `After:       ${m.after.runs} runs ${m.after.start.toISOString()} – ${m.after.end.toISOString()}, p50 ${seconds(m.after.p50Ms)}, p95 ${seconds(m.after.p95Ms)}`,
    `Speedup:     ${times(m.speedup)} (Hodges–Lehmann on log execution time, p = ${m.pValue === null ? '—' : m.pValue.toPrecision(2)})`,
    ...m.windows.map(
      (w, i) =>
        `  window ${i + 1}: ${w.runs} runs ${w.start.toISOString()} – ${w.end.toISOString()}: ${times(w.speedup)}`,
    ),
    `Drift:       ${m.drift.fingerprints} control shapes ${times(m.drift.speedup)}${
      m.drift.subtracted ? ' — moved significantly, subtracted' : ' — not significant, not subtracted'
    }`,
    `Improvement: duration ${pct(m.improvements.durationPct)}, memory ${pct(m.improvements.memoryPct)}, scan ${pct(m.improvements.scanPct)}, CPU ${pct(m.improvements.cpuPct)}`,
    `Saved:       ${seconds(m.savedMsPerDay)} a day`,
  ];
  if (m.expectation !== null)
    lines.push(
      `Estimate:    ${seconds(m.expectation.estimatedSavingsMsPerDay)} a day (${pct(m.expectation.estimatedImprovementPct)}); ${
        m.expectation.meetsExpectation === null
          ? 'not comparable'
          : m.expectation.meetsExpectation
            ? 'met'
            : 'not met'
      } (${pct(m.expectation.expectationDeltaPct)} points)`,
    );
  const x = m.excluded;
  lines.push(
    `Excluded:    ${x.failed} failed, ${x.cancelled} cancelled, ${x.cacheHits} cache hits, ${x.ownQueries} own queries, ${x.duringChange} while taking effect`,
  );
  if (m.waitingFor !== null)
    lines.push(
      `Waiting for: ${m.waitingFor.reason}${m.waitingFor.expectedBy === null ? '' : ` (expected by ${m.waitingFor.expectedBy.toISOString()})`}`,
    );
  if (m.rollback !== null) lines.push('', 'Roll back with:', `  ${m.rollback};`);
  if (m.fingerprints.length > 0) {
    lines.push('', 'Per query shape (p adjusted by Benjamini–Hochberg):');
    for (const f of m.fingerprints)
      lines.push(
        `  ${f.fingerprint}  ${f.before.runs}/${f.after.runs} runs  ${times(f.speedup)}  median ${times(f.medianRatio)}  p95 ${times(f.p95Ratio)}  p=${f.pAdjusted === null ? '—' : f.pAdjusted.toPrecision(2)}`,
      );
  }
  return lines.join('\n');
}

export function summaryText(s: MeasurementSummary): string {
  const v = s.verdicts;
  return [
    `Measurements over the last ${s.days} days${s.to === null ? '' : ` of data (to ${s.to.toISOString()})`}`,
    `  total ${s.totalMeasurements}, completed ${s.completedMeasurements}: ${v.verified} verified, ${v['no-effect']} no effect, ${v.regressed} regressed; ${v.inconclusive} inconclusive`,
    `  success rate ${s.successRate === null ? '—' : `${(s.successRate * 100).toFixed(0)} %`}, average improvement ${pct(s.averageImprovementPct)} (memory ${pct(s.averageMemoryImprovementPct)}, scan ${pct(s.averageScanImprovementPct)}, CPU ${pct(s.averageCpuImprovementPct)})`,
    `  time saved ${seconds(s.timeSavedMsPerDay)} a day, ${seconds(s.timeSavedMs)} in all`,
    `  against estimates: ${s.metExpectation} met, ${s.exceededExpectation} exceeded, ${s.underperformed} underperformed`,
    ...s.byKind.map(
      (k) =>
        `  ${k.kind}: ${k.measurements} measured, estimated ${seconds(k.estimatedSavingsMsPerDay)}/day, measured ${seconds(k.measuredSavingsMsPerDay)}/day${
          k.accuracy === null ? '' : ` (accuracy ${(k.accuracy * 100).toFixed(0)} %)`
        }`,
    ),
  ].join('\n');
}
