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

/**
 * How much history an analysis looked at, in ms: from its window's start — or the oldest job stored,
 * when the data starts later — to the window's end. Two runs over the same data with `--since 7d` and
 * the default 30 days both look at all of it when only five days are stored; a run covers the findings
 * of another only if this is at least as large (see `saveFindings`).
 */
export function historyLookedAtMs(window: AnalysisWindow, oldestJobAt: Date | undefined): number {
  const start = Math.max(window.from.getTime(), oldestJobAt?.getTime() ?? window.from.getTime());
  return Math.max(0, window.to.getTime() - start);
}
