/** What every benchmark receives from the runner. */
export interface BenchContext {
  /** `--quick`: smaller inputs, fewer passes; the rows say which inputs they used. */
  readonly quick: boolean;
  /** Scratch space for this run (corpus files, PGlite directories); removed at the end. */
  readonly workDir: string;
  /** Where results and side files (disagreement lists) are written. */
  readonly resultsDir: string;
  /** A PostgreSQL server URL without a database, e.g. `postgres://postgres@127.0.0.1:5432`. */
  readonly postgresUrl: string;
  /**
   * Size of the scale benchmarks when set (`--scale-jobs`, `--scale-profiles`) instead of 1M jobs and
   * 20k profiles (quick: 20k and 1k); their rows then say the size used and that it was reduced.
   */
  readonly scaleOverride?: { readonly jobs: number; readonly profiles: number };
  /** Progress for the person running the benchmark; goes to stderr. */
  log(line: string): void;
}
