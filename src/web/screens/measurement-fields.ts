/**
 * The parts of a measurement the API passes through as stored (typed loosely in its schema): the
 * per-fingerprint comparison and the expectation. Read defensively, since an older store may lack them.
 */
export interface Interval {
  readonly estimate: number;
  readonly low: number;
  readonly high: number;
}

export interface Side {
  readonly runs: number;
  /** The inner quantiles are null in measurements made before they were kept. */
  readonly p10Ms?: number | null;
  readonly p25Ms?: number | null;
  readonly p50Ms: number | null;
  readonly p75Ms?: number | null;
  readonly p90Ms?: number | null;
  readonly p95Ms: number | null;
  readonly runsPerDay?: number;
}

export interface FingerprintComparison {
  readonly fingerprint: string;
  readonly before: Side;
  readonly after: Side;
  readonly speedup: Interval | null;
  readonly pValue: number | null;
}

export interface Expectation {
  readonly estimatedSavingsMsPerDay: number;
  readonly measuredSavingsMsPerDay: number | null;
  readonly meetsExpectation: boolean | null;
}

export function fingerprintsOf(m: Record<string, unknown>): readonly FingerprintComparison[] {
  return Array.isArray(m.fingerprints) ? (m.fingerprints as FingerprintComparison[]) : [];
}

export function expectationOf(m: Record<string, unknown>): Expectation | null {
  const e = m.expectation;
  return typeof e === 'object' && e !== null ? (e as Expectation) : null;
}

/** "2.4× faster (1.9–3.1)": the speedup and its interval as a reader says it. */
export function formatSpeedup(s: Interval | null | undefined): string {
  if (s === null || s === undefined) return '—';
  const x = (v: number) => `${v.toFixed(v >= 10 ? 0 : 2)}×`;
  return `${x(s.estimate)} (${x(s.low)}–${x(s.high)})`;
}
