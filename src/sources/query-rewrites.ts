import type { Change } from '../domain/change.js';
import type { FingerprintRuns } from '../store/change-evidence-repository.js';

/** An old shape counts as stopped when it has not run for this many of its median gaps. */
const STOPPED_GAPS = 3;
/** Fewer runs give no gap worth a median. */
const MIN_OLD_RUNS = 4;
/** A new shape that ran once is not yet a workload. */
const MIN_NEW_RUNS = 2;

/**
 * Query shapes whose text changed: a fingerprint that stopped running at T (no run for at least three
 * of its median gaps before the end of history) while a fingerprint never seen before T, run by the
 * same single user on exactly the same datasets, started within one median gap after T. Conservative:
 * a stopped shape with two candidates, or a new shape claimed by two stopped ones, is no pair at all.
 * The change took effect between the last old run and the first new one. Pure.
 */
export function queryRewrites(shapes: readonly FingerprintRuns[]): Change[] {
  if (shapes.length === 0) return [];
  const historyEnd = Math.max(...shapes.map((s) => s.lastAt.getTime()));
  const pairs: { before: FingerprintRuns; after: FingerprintRuns }[] = [];
  for (const before of shapes) {
    const gap = before.medianGapMs;
    if (before.runs < MIN_OLD_RUNS || gap === null || gap <= 0 || before.userName === null) continue;
    const stoppedAt = before.lastAt.getTime();
    if (historyEnd - stoppedAt < STOPPED_GAPS * gap) continue;
    const datasets = datasetKey(before.datasets);
    if (datasets === '') continue;
    const candidates = shapes.filter(
      (after) =>
        after.fingerprint !== before.fingerprint &&
        after.runs >= MIN_NEW_RUNS &&
        after.userName === before.userName &&
        after.firstAt.getTime() > stoppedAt &&
        after.firstAt.getTime() - stoppedAt <= gap &&
        datasetKey(after.datasets) === datasets,
    );
    if (candidates.length === 1) pairs.push({ before, after: candidates[0]! });
  }
  const claims = new Map<string, number>();
  for (const p of pairs) claims.set(p.after.fingerprint, (claims.get(p.after.fingerprint) ?? 0) + 1);
  return pairs
    .filter((p) => claims.get(p.after.fingerprint) === 1)
    .map(({ before, after }) => ({
      kind: 'query-rewritten',
      subject: before.fingerprint,
      datasetPath: before.datasets.length === 1 ? before.datasets[0]! : null,
      effectiveFrom: before.lastAt,
      effectiveTo: after.firstAt,
      origin: 'detected',
      statement: null,
      jobId: null,
      recommendationId: null,
      details: {
        fingerprintAfter: after.fingerprint,
        userName: before.userName,
        medianGapMs: before.medianGapMs,
      },
    }));
}

function datasetKey(datasets: readonly string[]): string {
  return [...new Set(datasets.map((d) => d.replaceAll('"', '').toLowerCase()))].sort().join('\n');
}
