import type { WorkloadSnapshot } from '../analysis/detector.js';
import type { Finding } from '../domain/finding.js';
import type {
  EstimatedCost,
  RecommendationEvidence,
  RecommendationKind,
  RecommendationRisk,
  RecommendationTarget,
} from '../domain/recommendation.js';
import type { Payoff } from './payoff.js';

/** A recommendation before it gets its id, status, net benefit and rank. */
export interface RecommendationDraft {
  readonly kind: RecommendationKind;
  readonly target: RecommendationTarget;
  readonly title: string;
  readonly sql: string | null;
  readonly action: string;
  readonly findings: readonly Finding[];
  readonly payoff: Payoff;
  readonly cost: EstimatedCost;
  readonly risk: RecommendationRisk;
  /** The measured facts the change rests on, with units in the names. */
  readonly evidence: RecommendationEvidence;
}

export interface RecommendSettings {
  /** OPTIMIZE's TARGET_FILE_SIZE_MB. */
  readonly optimizeTargetFileMb: number;
  /** Whether the cluster has Workload Management (Enterprise, Cloud); undefined when not detected. */
  readonly workloadManagement: boolean | undefined;
  /** What collection detected about the cluster; version-specific advice reads it. */
  readonly cluster: RecommendCluster;
  /** Storage and refresh-time budget for the workload's reflection set; absent = unlimited. */
  readonly budget: ReflectionBudget;
}

export interface RecommendCluster {
  /** `software` or `cloud`; null when unknown (an import without server facts). */
  readonly kind: string | null;
  /** Dremio's version string (`25.1.1-2024…`); null when unknown. */
  readonly version: string | null;
  /** `oss`, `enterprise`, or null when not detected. */
  readonly edition: string | null;
}

export interface ReflectionBudget {
  readonly storageBytes?: number;
  readonly refreshMsPerDay?: number;
}

export interface BuildContext {
  readonly snapshot: WorkloadSnapshot;
  /** The findings of the detector this builder serves. */
  readonly findings: readonly Finding[];
  readonly settings: RecommendSettings;
}

/** Turns one detector's findings into drafts, merging findings that one change fixes together. */
export type RecommendationBuilder = (context: BuildContext) => readonly RecommendationDraft[];

export const NO_COST: EstimatedCost = {
  storageBytes: 0,
  refreshMsPerDay: 0,
  oneOffMs: 0,
  basis: 'no lasting cost',
};

export function windowDays(snapshot: WorkloadSnapshot): number {
  return Math.max(snapshot.window.days, 1 / 24);
}

/** Reflection names we create: the table's name and the kind, safe as a bare identifier. */
export function reflectionName(datasetPath: readonly string[], suffix: 'agg' | 'raw'): string {
  const last = (datasetPath.at(-1) ?? 'dataset').toLowerCase().replace(/[^a-z0-9_]+/g, '_');
  return `${/^[a-z_]/.test(last) ? last : `t_${last}`}_${suffix}_opt`;
}
