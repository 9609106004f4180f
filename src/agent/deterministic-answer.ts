import type { RecommendationKind } from '../domain/recommendation.js';
import type { ExplanationAnswer, LEVELS, SQL_KINDS } from './answer-schema.js';
import type { ExplainFacts, RecommendationDetail } from './explain-facts.js';

/** What a recommendation's statement is, in the answer's terms. */
const SQL_KIND: Readonly<Record<RecommendationKind, (typeof SQL_KINDS)[number]>> = {
  'create-aggregate-reflection': 'ddl',
  'create-raw-reflection': 'ddl',
  'drop-reflection': 'ddl',
  'refresh-reflection': 'maintenance',
  'optimize-table': 'maintenance',
  'add-partition-field': 'ddl',
  'rewrite-query': 'rewrite',
  'workload-management': 'ddl',
  'cluster-table': 'ddl',
  'set-option': 'ddl',
  'refresh-metadata': 'maintenance',
  'metadata-refresh-policy': 'ddl',
  'compute-statistics': 'maintenance',
  'adjust-client': 'ddl',
  'flatten-view': 'rewrite',
  'reverse-regression': 'rewrite',
};

/**
 * How much work a change is, by what it touches: maintenance runs as is; DDL on a table or reflection
 * needs an owner's decision; a rewrite changes the query's text, so its callers (reports, clients) change.
 */
const DIFFICULTY: Readonly<Record<(typeof SQL_KINDS)[number], (typeof LEVELS)[number]>> = {
  maintenance: 'low',
  ddl: 'medium',
  rewrite: 'high',
};

/**
 * The answer without a model: the detector's title and evidence as the root cause, the recommenders'
 * actions, statements, rationale and risks as the rest, in the same shape a model answers in.
 */
export function deterministicAnswer(facts: ExplainFacts): ExplanationAnswer {
  const { finding, recommendations } = facts;
  const impact = {
    percent: facts.ourImpact.percent,
    secondsPerRun: facts.ourImpact.secondsPerRun,
    hoursPerYear: facts.ourImpact.hoursPerYear,
  };
  if (finding === null)
    return {
      rootCause: `No detector reported a problem with job ${facts.jobId ?? ''} in the latest analysis.`,
      recommendation: 'No change is recommended for this job.',
      implementationSteps: [],
      sql: [],
      expectedImpact: impact,
      difficulty: 'low',
      risks: [],
      prerequisites: [],
      priority: 'low',
    };
  const best: RecommendationDetail | undefined = recommendations[0];
  const thresholds = Array.isArray(finding.evidence.thresholds)
    ? (finding.evidence.thresholds as {
        quantity?: unknown;
        value?: unknown;
        unit?: unknown;
        threshold?: unknown;
      }[])
    : [];
  const crossed = thresholds.map(
    (t) =>
      `${String(t.quantity)} ${readable(t.value)} ${String(t.unit)} (threshold ${readable(t.threshold)})`,
  );
  const sql = recommendations
    .filter((r): r is RecommendationDetail & { sql: string } => r.sql !== null && r.sql.trim() !== '')
    .map((r) => ({ kind: SQL_KIND[r.kind], statement: r.sql, purpose: r.title }));
  return {
    rootCause: [
      `${finding.title} (${finding.detector}, severity ${finding.severity}, confidence ${finding.confidence}).`,
      crossed.length === 0 ? '' : `Measured: ${crossed.join('; ')}.`,
      `${finding.jobCount} affected job(s); ${Math.round(finding.impactMsPerDay / 1000)} s of run time at stake per day.`,
    ]
      .filter((s) => s !== '')
      .join(' '),
    recommendation:
      best === undefined
        ? 'No recommendation is stored for this finding yet; analyse with recommendations to get one.'
        : `${best.action} ${best.rationale}`.trim(),
    implementationSteps: recommendations.flatMap((r) => [
      `${r.action} (recommendation ${r.id}, ${r.status})`,
      `Accept recommendation ${r.id}, then apply it as a separate, confirmed step; the product measures it before and after.`,
    ]),
    sql,
    expectedImpact: impact,
    difficulty: best === undefined ? 'medium' : DIFFICULTY[SQL_KIND[best.kind]],
    risks: recommendations
      .filter((r) => r.risk.note.trim() !== '')
      .map((r) => `${r.risk.note} (${r.risk.level} risk)`),
    prerequisites: recommendations
      .filter((r) => r.estimatedCost.storageBytes > 0 || r.estimatedCost.refreshMsPerDay > 0)
      .map((r) => `Capacity for ${r.title}: ${r.estimatedCost.basis}`),
    priority:
      finding.severity === 'critical' || finding.severity === 'high'
        ? 'high'
        : finding.severity === 'medium'
          ? 'medium'
          : 'low',
  };
}

/** A measured number as a person reads it: four significant digits, no float noise. */
function readable(value: unknown): string {
  return typeof value === 'number' && Number.isFinite(value)
    ? String(Number(value.toPrecision(4)))
    : String(value);
}
