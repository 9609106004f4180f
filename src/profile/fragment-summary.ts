import type { FragmentSummary } from '../domain/profile-summary.js';
import { asArray, asNumber, asObject, type RawObject } from './raw-access.js';
import { flooredRatio, spreadOf } from './spread-stats.js';

/** Per major fragment: time span, blocked time, memory, and skew across its minor fragments. */
export function summarizeFragments(fragmentProfile: unknown): readonly FragmentSummary[] {
  return asArray(fragmentProfile)
    .map((major) => summarizeMajor(asObject(major)))
    .sort((a, b) => a.majorFragmentId - b.majorFragmentId);
}

function summarizeMajor(major: RawObject): FragmentSummary {
  const minors = asArray(major.minorFragmentProfile).map(asObject);
  const processPerMinor: number[] = [];
  const recordsPerMinor: number[] = [];
  let start = Number.POSITIVE_INFINITY;
  let end = 0;
  const totals = { run: 0, upstream: 0, downstream: 0, shared: 0, memory: 0, peakMemory: 0 };
  for (const minor of minors) {
    let process = 0;
    let records = 0;
    for (const op of asArray(minor.operatorProfile)) {
      const raw = asObject(op);
      process += asNumber(raw.processNanos);
      for (const stream of asArray(raw.inputProfile)) records += asNumber(asObject(stream).records);
    }
    processPerMinor.push(process);
    recordsPerMinor.push(records);
    const minorStart = asNumber(minor.startTime);
    if (minorStart > 0) start = Math.min(start, minorStart);
    end = Math.max(end, asNumber(minor.endTime));
    totals.run += asNumber(minor.runDuration);
    totals.upstream += asNumber(minor.blockedOnUpstreamDuration);
    totals.downstream += asNumber(minor.blockedOnDownstreamDuration);
    totals.shared += asNumber(minor.blockedOnSharedResourceDuration);
    totals.memory += asNumber(minor.blockedOnMemoryDuration);
    totals.peakMemory = Math.max(totals.peakMemory, asNumber(minor.maxMemoryUsed));
  }
  const startEpochMs = Number.isFinite(start) ? start : 0;
  const processNanos = spreadOf(processPerMinor);
  const recordsProcessed = spreadOf(recordsPerMinor);
  return {
    majorFragmentId: asNumber(major.majorFragmentId),
    minorFragmentCount: minors.length,
    startEpochMs,
    endEpochMs: end,
    durationMs: startEpochMs > 0 && end >= startEpochMs ? end - startEpochMs : 0,
    processNanos,
    recordsProcessed,
    runDurationMs: totals.run,
    blockedOnUpstreamMs: totals.upstream,
    blockedOnDownstreamMs: totals.downstream,
    blockedOnSharedResourceMs: totals.shared,
    blockedOnMemoryMs: totals.memory,
    peakMemoryBytes: totals.peakMemory,
    skew: {
      processMaxOverMedian: flooredRatio(processNanos.max, processNanos.median),
      processMaxOverMean: flooredRatio(processNanos.max, mean(processNanos.sum, minors.length)),
      recordsMaxOverMedian: flooredRatio(recordsProcessed.max, recordsProcessed.median),
      recordsMaxOverMean: flooredRatio(recordsProcessed.max, mean(recordsProcessed.sum, minors.length)),
    },
  };
}

function mean(sum: number, count: number): number {
  return count === 0 ? 0 : sum / count;
}
