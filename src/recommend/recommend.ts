import type { WorkloadSnapshot } from '../analysis/detector.js';
import { DETECTOR_IDS } from '../domain/detector-id.js';
import type { Finding } from '../domain/finding.js';
import type {
  Recommendation,
  RecommendationKind,
  RecommendationStatus,
  RecommendationTarget,
} from '../domain/recommendation.js';
import { buildReflections, reflectionDraft } from './builders/create-reflection.js';
import { BUILDERS } from './builders/index.js';
import type { RecommendationDraft, RecommendCluster, RecommendSettings, ReflectionBudget } from './draft.js';
import { defaultOptimizeTargetFileMb } from './file-layout.js';
import { type MeasuredHistory, withMeasuredSaving } from './measured-history.js';
import { recommendationId } from './recommendation-id.js';
import { type LeftOutReflection, planReflectionSet } from './reflection-set/plan.js';

export interface RecommendOptions {
  /** Statuses recorded earlier, by recommendation id; new ones start `pending`. */
  readonly statuses?: ReadonlyMap<string, RecommendationStatus>;
  /** OPTIMIZE's TARGET_FILE_SIZE_MB (default by version: 512 from 26.x as Dremio's own, 256 before). */
  readonly optimizeTargetFileMb?: number;
  /** Whether the cluster has Workload Management; when unknown, judged from its queue names. */
  readonly workloadManagement?: boolean;
  /** What collection detected about the cluster (kind, version, edition); unknown when absent. */
  readonly cluster?: Partial<RecommendCluster>;
  /** Storage and refresh-time budget for the workload's reflection set; unlimited when absent. */
  readonly budget?: ReflectionBudget;
  /** Measured speedups of earlier changes on this cluster, by kind; their savings replace the estimates. */
  readonly measuredHistory?: MeasuredHistory;
}

export const DEFAULT_OPTIMIZE_TARGET_FILE_MB = 256;

/**
 * Turns findings into recommendations: each detector's builder merges the findings one change fixes
 * (one reflection for many fingerprints, one OPTIMIZE per table), then each gets its stable id, net
 * benefit (saving minus daily cost) and confidence, ranked by net benefit. Pure: no I/O, no clock.
 *
 * @example
 * const recs = recommend(run.findings, snapshot, { statuses: stored });
 * for (const r of recs) console.log(r.netBenefitMsPerDay, r.sql);
 */
export function recommend(
  findings: readonly Finding[],
  snapshot: WorkloadSnapshot,
  options: RecommendOptions = {},
): Recommendation[] {
  return recommendWithReflectionSet(findings, snapshot, options).recommendations;
}

export interface RecommendResult {
  readonly recommendations: Recommendation[];
  /** Reflections the set left out (budget, not worth it, already served), with their numbers. */
  readonly reflectionsLeftOut: LeftOutReflection[];
  /** Changes that would cost more than they save: never pending, shown with their numbers. */
  readonly notWorthIt: Recommendation[];
}

/**
 * `recommend`, also telling which reflections the workload's set left out. The reflection builder is
 * listed under several detectors but runs once, over all their findings: a set is chosen for the whole
 * workload, not one per detector, or the budget would be spent once per row.
 */
export function recommendWithReflectionSet(
  findings: readonly Finding[],
  snapshot: WorkloadSnapshot,
  options: RecommendOptions = {},
): RecommendResult {
  const settings: RecommendSettings = {
    optimizeTargetFileMb:
      options.optimizeTargetFileMb ?? defaultOptimizeTargetFileMb(options.cluster?.version),
    workloadManagement: options.workloadManagement,
    cluster: {
      kind: options.cluster?.kind ?? null,
      version: options.cluster?.version ?? null,
      edition: options.cluster?.edition ?? null,
    },
    budget: options.budget ?? {},
  };
  const drafts: RecommendationDraft[] = [];
  const forReflections: Finding[] = [];
  for (const detector of DETECTOR_IDS) {
    const own = findings.filter((f) => f.detector === detector);
    if (own.length === 0) continue;
    for (const builder of BUILDERS[detector]) {
      if (builder === buildReflections) forReflections.push(...own);
      else drafts.push(...builder({ snapshot, findings: own, settings }));
    }
  }
  const plan = planReflectionSet({ snapshot, findings: forReflections, settings }, reflectionDraft);
  drafts.push(...plan.drafts);
  const byId = new Map<string, Recommendation>();
  for (const draft of drafts) {
    const rec = finish(withMeasuredSaving(draft, snapshot, options.measuredHistory), options.statuses);
    // Two detectors can ask for the same change on the same target; keep the larger estimate.
    const seen = byId.get(rec.id);
    if (seen === undefined || seen.netBenefitMsPerDay < rec.netBenefitMsPerDay) byId.set(rec.id, rec);
  }
  // A change that costs more than it saves is not worth it: never pending, so not listed at all.
  const all = [...byId.values()];
  return {
    recommendations: rankRecommendations(all.filter((r) => r.netBenefitMsPerDay >= 0)),
    reflectionsLeftOut: plan.leftOut,
    notWorthIt: rankRecommendations(all.filter((r) => r.netBenefitMsPerDay < 0)),
  };
}

/** Largest net benefit first; ties by id so the order is deterministic. */
export function rankRecommendations(recs: readonly Recommendation[]): Recommendation[] {
  return [...recs].sort((a, b) => b.netBenefitMsPerDay - a.netBenefitMsPerDay || a.id.localeCompare(b.id));
}

/** Kinds whose advice on one query differs by the problem it answers; see `concern` on the target. */
const PER_CONCERN: ReadonlySet<RecommendationKind> = new Set([
  'rewrite-query',
  'adjust-client',
  'set-option',
]);

function withConcern(draft: RecommendationDraft): RecommendationTarget {
  const { target } = draft;
  if ((target.kind !== 'fingerprint' && target.kind !== 'queue') || !PER_CONCERN.has(draft.kind))
    return target;
  const concern = [...new Set(draft.findings.map((f) => f.detector))].sort().join('+');
  return { ...target, concern };
}

function finish(
  draft: RecommendationDraft,
  statuses: ReadonlyMap<string, RecommendationStatus> | undefined,
): Recommendation {
  const target = withConcern(draft);
  const id = recommendationId(draft.kind, target);
  const weights = draft.findings.map((f) => Math.max(f.impactMsPerDay, 1));
  const total = weights.reduce((a, b) => a + b, 0);
  const findingConfidence = draft.findings.reduce((sum, f, i) => sum + f.confidence * weights[i]!, 0) / total;
  const savings = round(draft.payoff.savingsMsPerDay);
  return {
    id,
    kind: draft.kind,
    title: draft.title,
    sql: draft.sql,
    action: draft.action,
    target,
    findingIds: [...new Set(draft.findings.map((f) => f.id))].sort(),
    jobIds: [...new Set(draft.payoff.jobIds)].sort(),
    estimatedSavingsMsPerDay: savings,
    estimatedCost: {
      ...draft.cost,
      storageBytes: Math.round(draft.cost.storageBytes),
      refreshMsPerDay: round(draft.cost.refreshMsPerDay),
      oneOffMs: round(draft.cost.oneOffMs),
    },
    netBenefitMsPerDay: round(savings - draft.cost.refreshMsPerDay),
    confidence: round(Math.min(1, findingConfidence * draft.payoff.methodConfidence), 100),
    method: draft.payoff.method,
    rationale: `${draft.payoff.basis}. Cost: ${draft.cost.basis}.`,
    risk: draft.risk,
    evidence: draft.evidence,
    status: statuses?.get(id) ?? 'pending',
  };
}

function round(value: number, scale = 1): number {
  return Number.isFinite(value) ? Math.round(value * scale) / scale : 0;
}
