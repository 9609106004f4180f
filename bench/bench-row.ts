/** One printed and recorded benchmark figure; names are the public row ids from issue 8. */
export const BENCH_NAMES = [
  'fingerprint',
  'fingerprint-agreement',
  'profile-analysis',
  'ingest-pglite',
  'ingest-postgres',
  'collect-1m-rss-mb',
  'simulate-1m-rss-mb',
  'simulate-page-ms',
  'simulate-profile-ms',
  'analyze-1m-s',
  'analyze-1m-rss-mb',
  'api-list-p95-ms',
  'dashboard-overview-load-ms',
  'analysis-tracing-ratio',
] as const;
export type BenchName = (typeof BENCH_NAMES)[number];

/** Whether a bigger or a smaller `ours` is better, which decides how `goal` is compared. */
export type GoalDirection = 'higher' | 'lower';

export interface BenchRow {
  readonly name: BenchName;
  readonly input: string;
  /** Our figure in `unit`, or null when the benchmark could not run (then `error` says why). */
  readonly ours: number | null;
  readonly reference: number | null;
  /** What the reference is, e.g. `pt-fingerprint 3.2.1` or `JSON.parse`. */
  readonly referenceName: string;
  readonly unit: string;
  /** ours / reference. */
  readonly ratio: number | null;
  /** The goal, on `ratio` when `goalOn` is `ratio`, otherwise on `ours`; null when there is none. */
  readonly goal: number | null;
  readonly goalOn: 'ratio' | 'ours';
  readonly direction: GoalDirection;
  readonly met: boolean | null;
  /** Further figures worth keeping (wall time, pages/s, per-direction agreement). */
  readonly details?: Readonly<Record<string, number | string>>;
  readonly note?: string;
  /** Why there are no figures; the run exits non-zero unless the row is `skipped`. */
  readonly error?: string;
  /** An optional benchmark whose prerequisite is absent (PostgreSQL not reachable): reported, not fatal. */
  readonly skipped?: boolean;
  /** Set by the runner: which benchmark made the row, when, and the machine's 1-minute load average then. */
  readonly benchmark?: string;
  readonly measuredAt?: string;
  readonly loadAverage1m?: number;
}

export interface RowFigures {
  readonly name: BenchName;
  readonly input: string;
  readonly ours: number;
  readonly reference: number;
  readonly referenceName: string;
  readonly unit: string;
  readonly goal?: {
    readonly value: number;
    readonly on: 'ratio' | 'ours';
    readonly direction: GoalDirection;
  };
  readonly details?: Readonly<Record<string, number | string>>;
  readonly note?: string;
}

/** A measured row: the ratio and met flag are derived here so no benchmark computes them its own way. */
export function makeRow(figures: RowFigures): BenchRow {
  const ratio = figures.reference === 0 ? null : figures.ours / figures.reference;
  const goal = figures.goal;
  const judged = goal === undefined ? null : goal.on === 'ratio' ? ratio : figures.ours;
  const met =
    goal === undefined || judged === null
      ? null
      : goal.direction === 'higher'
        ? judged >= goal.value
        : judged < goal.value;
  const { goal: _goal, ...rest } = figures;
  return {
    ...rest,
    ratio,
    goal: goal?.value ?? null,
    goalOn: goal?.on ?? 'ratio',
    direction: goal?.direction ?? 'higher',
    met,
  };
}

/** A row for a benchmark that could not run: no figures, and the reason in `error`. */
export function failedRow(options: {
  readonly name: BenchName;
  readonly input: string;
  readonly unit: string;
  readonly error: string;
  readonly skipped?: boolean;
}): BenchRow {
  return {
    name: options.name,
    input: options.input,
    ours: null,
    reference: null,
    referenceName: '',
    unit: options.unit,
    ratio: null,
    goal: null,
    goalOn: 'ratio',
    direction: 'higher',
    met: null,
    error: options.error,
    ...(options.skipped === true ? { skipped: true } : {}),
  };
}
