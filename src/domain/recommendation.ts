/**
 * A recommendation says exactly what to change (runnable SQL, or a precisely stated setting), what it
 * saves, what it costs and how sure we are. It is never applied behind the user's back: it moves
 * through a lifecycle the user drives.
 */

/** The public contract: these names appear in JSON output and in the store. */
export const RECOMMENDATION_KINDS = [
  'create-aggregate-reflection',
  'create-raw-reflection',
  'drop-reflection',
  'refresh-reflection',
  'optimize-table',
  'add-partition-field',
  'rewrite-query',
  'workload-management',
  /** `ALTER TABLE … CLUSTER BY (…)`: Dremio 26 recommends clustering before partitioning. */
  'cluster-table',
  /** A support or system option (`ALTER SYSTEM SET "…" = …`), Dremio's option name and value. */
  'set-option',
  /** `ALTER TABLE … REFRESH METADATA` now, for stale or expired metadata. */
  'refresh-metadata',
  /** The source's or dataset's metadata refresh policy, so queries stop refreshing inline. */
  'metadata-refresh-policy',
  /** `ANALYZE TABLE … COMPUTE STATISTICS`, for the planner's row estimates. */
  'compute-statistics',
  /** A change on the client side (fetch size, result limit), with the client named; no SQL. */
  'adjust-client',
  /** Replace a chain of views with one that reads the tables directly. */
  'flatten-view',
  /** What changed around a regression's change point, and the change that reverses it. */
  'reverse-regression',
] as const;
export type RecommendationKind = (typeof RECOMMENDATION_KINDS)[number];

export const RECOMMENDATION_STATUSES = [
  'pending',
  'accepted',
  'applied',
  'verified',
  'rejected',
  'dismissed',
  /** Closed by the product, with the reason: its finding resolved, or a later analysis no longer makes it. */
  'closed',
] as const;
export type RecommendationStatus = (typeof RECOMMENDATION_STATUSES)[number];

/**
 * How the saving was estimated: `accelerated-runs` compares accelerated with non-accelerated runs of the
 * same fingerprints; `operator-time-share` removes the time share of the operators the change removes;
 * `refresh-time-freed` counts refresh work a dropped reflection no longer does; `queue-time` the
 * admission wait a queue change removes; the others are described where they are declared.
 */
export const PAYOFF_METHODS = [
  'accelerated-runs',
  'operator-time-share',
  'refresh-time-freed',
  'queue-time',
  /** The share of a job phase (planning, metadata retrieval, client wait) the change removes. */
  'phase-time',
  /** The extra time per run since a regression's change point, times its runs. */
  'regression-excess',
  /** From before/after measurements of earlier changes of the same kind. */
  'measured-change',
] as const;
export type PayoffMethod = (typeof PAYOFF_METHODS)[number];

/**
 * What the change is applied to; with the kind it makes the stable id. Dataset paths are written as
 * Dremio prints them, each part that is not a plain identifier double-quoted
 * (`Samples."samples.dremio.com"."zips.json"`), so the parts can be read back exactly.
 */
export type RecommendationTarget =
  | { readonly kind: 'dataset'; readonly path: string }
  | {
      readonly kind: 'reflection';
      readonly reflectionId: string;
      readonly datasetPath: string;
      /** The name a DROP uses; not part of the id, which a rename must not change. */
      readonly reflectionName?: string;
    }
  | {
      readonly kind: 'fingerprint';
      readonly fingerprint: string;
      readonly datasetPath: string | null;
      /**
       * The detectors whose findings the change answers, `+`-joined, for kinds where one query can get
       * different advice of the same kind (a skew rewrite and a fan-out rewrite): part of the id.
       */
      readonly concern?: string;
    }
  | {
      readonly kind: 'queue';
      readonly queueName: string;
      /** As on a fingerprint target: one queue can get a concurrency and a memory option. */
      readonly concern?: string;
    };

export interface EstimatedCost {
  /** Extra storage the change needs (negative when it frees storage). */
  readonly storageBytes: number;
  /** Refresh or rewrite work per day, in execution ms. */
  readonly refreshMsPerDay: number;
  /** One refresh (or one OPTIMIZE run), in execution ms. */
  readonly oneOffMs: number;
  /** How the cost was estimated, in words. */
  readonly basis: string;
}

export interface Recommendation {
  /** Stable across runs: a hash of the kind and the target. */
  readonly id: string;
  readonly kind: RecommendationKind;
  readonly title: string;
  /** The statement to run; null where the change is a setting, a client change or an investigation, stated in `action`. */
  readonly sql: string | null;
  /** What to do, in one precise sentence (the queue or rule change for workload-management). */
  readonly action: string;
  readonly target: RecommendationTarget;
  readonly findingIds: readonly string[];
  readonly jobIds: readonly string[];
  readonly estimatedSavingsMsPerDay: number;
  readonly estimatedCost: EstimatedCost;
  /** Savings minus the daily cost; the ranking key. */
  readonly netBenefitMsPerDay: number;
  /** 0–1. */
  readonly confidence: number;
  readonly method: PayoffMethod;
  /** The numbers behind the estimate, in words. */
  readonly rationale: string;
  /** What can go wrong when it is applied, and how likely. */
  readonly risk: RecommendationRisk;
  /** The measured facts it rests on, named with their units (`spilledBytes`, `planningMsMedian`). */
  readonly evidence: RecommendationEvidence;
  readonly status: RecommendationStatus;
}

export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export interface RecommendationRisk {
  readonly level: RiskLevel;
  /** What could get worse, in one sentence. */
  readonly note: string;
}

export type RecommendationEvidence = Readonly<Record<string, string | number | boolean | null>>;

/** Who moves a recommendation along; the lifecycle refuses any other step. */
const NEXT: Readonly<Record<RecommendationStatus, readonly RecommendationStatus[]>> = {
  pending: ['accepted', 'rejected', 'dismissed', 'closed'],
  accepted: ['applied', 'rejected', 'dismissed', 'pending', 'closed'],
  applied: ['verified', 'rejected'],
  verified: [],
  rejected: ['pending', 'closed'],
  dismissed: ['pending', 'closed'],
  // Made again by a later analysis: it reopens.
  closed: ['pending'],
};

export function canTransition(from: RecommendationStatus, to: RecommendationStatus): boolean {
  return NEXT[from].includes(to);
}

export function isRecommendationStatus(value: string): value is RecommendationStatus {
  return (RECOMMENDATION_STATUSES as readonly string[]).includes(value);
}

export function isRecommendationKind(value: string): value is RecommendationKind {
  return (RECOMMENDATION_KINDS as readonly string[]).includes(value);
}

/** One step of the lifecycle, as the history table records it. */
export interface RecommendationStatusChange {
  readonly fromStatus: RecommendationStatus | null;
  readonly toStatus: RecommendationStatus;
  readonly actor: string | null;
  readonly reason: string | null;
  readonly at: Date;
}
