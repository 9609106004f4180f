import type { AnalysisWindow } from './detector.js';

const DAY_MS = 86_400_000;

/**
 * The window ends at the newest job (so offline imports and simulated worlds analyse the same way
 * whenever they run). `days` is the span the data actually covers, at least one day, so a fresh store
 * with two days of history does not read as fifteen times rarer than it is.
 */
export function analysisWindow(input: {
  readonly newestJobAt: Date;
  readonly oldestJobAt: Date;
  readonly since: Date | undefined;
  readonly windowDays: number;
}): AnalysisWindow {
  const to = input.newestJobAt;
  const from = input.since ?? new Date(to.getTime() - input.windowDays * DAY_MS);
  const coveredFrom = Math.max(from.getTime(), input.oldestJobAt.getTime());
  return { from, to, days: Math.max(1, (to.getTime() - coveredFrom) / DAY_MS) };
}
