/**
 * Measures each anti-pattern's signal in a rendered profile and job row, the way a detector would
 * read them. The simulator's tests use it to prove that labelled jobs sit above each documented
 * signature and every other job below it.
 */
import type { SimJob } from '../../world.js';
import { queueWaitMs } from '../job-timing.js';

interface OpProfile {
  readonly operatorId: number;
  readonly operatorType: number;
  readonly processNanos?: number;
  readonly outputRecords?: number;
  readonly inputProfile?: readonly { readonly records?: number }[];
  readonly metric?: readonly { readonly metricId: number; readonly longValue?: number }[];
}

interface MinorProfile {
  readonly runDuration?: number;
  readonly blockedOnDownstreamDuration?: number;
  readonly operatorProfile: readonly OpProfile[];
}

interface RawProfile {
  readonly plan?: string;
  readonly fragmentProfile?: readonly {
    readonly majorFragmentId: number;
    readonly minorFragmentProfile: readonly MinorProfile[];
  }[];
  readonly operatorTypeMetricsMap?: {
    readonly metricsDef: readonly { readonly metricDef: readonly { id: number; name: string }[] }[];
  };
}

export interface ProfileSignals {
  /** Max over hash joins of output records / larger input's records. */
  readonly joinFanout: number;
  readonly spilledBytes: number;
  /** Max over fragments with ≥ 2 minors of max/median minor run time, with the ms at stake. */
  readonly skewRatio: number;
  readonly skewExcessMs: number;
  readonly queueWaitMs: number;
  readonly planningMs: number;
  readonly metadataRetrievalMs: number;
  /** Worst estimate error (either direction) on an operator holding ≥ 30% of process time. */
  readonly estimateError: number;
  readonly clientBlockedMs: number;
  readonly nestedLoopJoins: number;
  /** Scans with no partition pruning (no manifest filter and no partitionFilters). */
  readonly unprunedScans: readonly { readonly table: string; readonly splits: number }[];
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function metricValue(profile: RawProfile, op: OpProfile, name: string): number {
  const defs = profile.operatorTypeMetricsMap?.metricsDef[op.operatorType]?.metricDef ?? [];
  const id = defs.find((d) => d.name === name)?.id;
  return id === undefined ? 0 : (op.metric?.find((m) => m.metricId === id)?.longValue ?? 0);
}

interface OpTotals {
  out: number;
  inputs: number[];
  processNs: number;
  type: number;
}

function operatorTotals(profile: RawProfile): Map<string, OpTotals> {
  const totals = new Map<string, OpTotals>();
  for (const fragment of profile.fragmentProfile ?? []) {
    for (const minor of fragment.minorFragmentProfile) {
      for (const op of minor.operatorProfile) {
        const key = `${String(fragment.majorFragmentId).padStart(2, '0')}-${String(op.operatorId).padStart(2, '0')}`;
        const t = totals.get(key) ?? { out: 0, inputs: [], processNs: 0, type: op.operatorType };
        t.out += op.outputRecords ?? 0;
        t.processNs += op.processNanos ?? 0;
        (op.inputProfile ?? []).forEach((s, i) => {
          t.inputs[i] = (t.inputs[i] ?? 0) + (s.records ?? 0);
        });
        totals.set(key, t);
      }
    }
  }
  return totals;
}

function planEstimates(plan: string): Map<string, { estimate: number; line: string }> {
  const out = new Map<string, { estimate: number; line: string }>();
  for (const line of plan.split('\n')) {
    const m = /^(\d\d-\d\d)\s+.*rowcount = ([\d.E+-]+)/.exec(line);
    if (m?.[1] && m[2]) out.set(m[1], { estimate: Number(m[2]), line });
  }
  return out;
}

export function profileSignals(job: SimJob, profileText: string | undefined): ProfileSignals {
  const profile = (profileText ? JSON.parse(profileText) : {}) as RawProfile;
  const totals = operatorTotals(profile);
  const allNs = [...totals.values()].reduce((sum, t) => sum + t.processNs, 0);
  let joinFanout = 0;
  let spilledBytes = 0;
  let nestedLoopJoins = 0;
  for (const t of totals.values()) {
    if (t.type === 4) joinFanout = Math.max(joinFanout, t.out / Math.max(1, ...t.inputs));
    if (t.type === 35) nestedLoopJoins++;
  }
  for (const fragment of profile.fragmentProfile ?? []) {
    for (const minor of fragment.minorFragmentProfile) {
      for (const op of minor.operatorProfile) {
        if (op.operatorType === 3 || op.operatorType === 17)
          spilledBytes += metricValue(profile, op, 'TOTAL_SPILLED_DATA_SIZE');
        if (op.operatorType === 4) {
          spilledBytes +=
            metricValue(profile, op, 'SPILL_WR_BUILD_BYTES') +
            metricValue(profile, op, 'SPILL_WR_PROBE_BYTES');
        }
      }
    }
  }
  let skewRatio = 1;
  let skewExcessMs = 0;
  for (const fragment of profile.fragmentProfile ?? []) {
    const runs = fragment.minorFragmentProfile.map((m) => m.runDuration ?? 0);
    if (runs.length < 2) continue;
    const mid = Math.max(1, median(runs));
    const max = Math.max(...runs);
    if (max / mid > skewRatio) {
      skewRatio = max / mid;
      skewExcessMs = max - mid;
    }
  }
  let estimateError = 1;
  for (const [id, est] of planEstimates(profile.plan ?? '')) {
    const t = totals.get(id);
    if (!t || allNs === 0 || t.processNs / allNs < 0.3) continue;
    const actual = Math.max(1, t.out);
    estimateError = Math.max(
      estimateError,
      actual / Math.max(1, est.estimate),
      Math.max(1, est.estimate) / actual,
    );
  }
  const root = profile.fragmentProfile?.find((f) => f.majorFragmentId === 0);
  const unprunedScans = (profile.plan ?? '')
    .split('\n')
    .filter((line) => line.includes('IcebergManifestList('))
    .filter((line) => !line.includes('ManifestList Filter Expression') && !line.includes('partitionFilters='))
    .map((line) => ({
      table: /table=\[([^\]]+)\]/.exec(line)?.[1] ?? '',
      splits: Number(/splits=\[(\d+)\]/.exec(line)?.[1] ?? 0),
    }));
  return {
    joinFanout,
    spilledBytes,
    skewRatio,
    skewExcessMs,
    queueWaitMs: queueWaitMs(job.phases),
    planningMs: (job.phases.queryEnqueued || job.phases.finalState) - job.phases.planningStart,
    metadataRetrievalMs: job.phases.planningStart - job.phases.metadataRetrieval,
    estimateError,
    clientBlockedMs: Math.max(
      0,
      ...(root?.minorFragmentProfile ?? []).map((m) => m.blockedOnDownstreamDuration ?? 0),
    ),
    nestedLoopJoins,
    unprunedScans,
  };
}
