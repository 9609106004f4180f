import { z } from 'zod';
import type { AnalysisReport } from '../analysis/analysis-report.js';
import { DETECTOR_IDS } from '../domain/detector-id.js';
import type { Finding } from '../domain/finding.js';
import {
  PAYOFF_METHODS,
  RECOMMENDATION_KINDS,
  RECOMMENDATION_STATUSES,
  RISK_LEVELS,
} from '../domain/recommendation.js';
import { SEVERITIES } from '../domain/severity.js';
import { stringifyLosslessJson } from '../json/lossless-json.js';

const subjectSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('job'), jobId: z.string() }),
  z.strictObject({
    kind: z.literal('fingerprint'),
    fingerprint: z.string(),
    sampleSql: z.string().nullable(),
  }),
  z.strictObject({ kind: z.literal('dataset'), path: z.string() }),
  z.strictObject({
    kind: z.literal('reflection'),
    reflectionId: z.string(),
    name: z.string().nullable(),
    datasetPath: z.string().nullable(),
  }),
]);

const thresholdSchema = z.strictObject({
  quantity: z.string(),
  value: z.number(),
  unit: z.string(),
  threshold: z.number(),
  severity: z.enum(SEVERITIES),
});

export const findingJsonSchema = z.strictObject({
  id: z.string().regex(/^[0-9a-f]{16}$/),
  detector: z.enum(DETECTOR_IDS),
  severity: z.enum(SEVERITIES),
  confidence: z.number().min(0).max(1),
  title: z.string(),
  subject: subjectSchema,
  jobIds: z.array(z.string()),
  evidence: z.looseObject({ thresholds: z.array(thresholdSchema) }),
  impactMsPerDay: z.number().nonnegative(),
});

const recommendationJsonSchema = z.strictObject({
  id: z.string(),
  kind: z.enum(RECOMMENDATION_KINDS),
  title: z.string(),
  sql: z.string().nullable(),
  action: z.string(),
  target: z.looseObject({ kind: z.string() }),
  findingIds: z.array(z.string()),
  jobIds: z.array(z.string()),
  estimatedSavingsMsPerDay: z.number(),
  estimatedCost: z.strictObject({
    storageBytes: z.number(),
    refreshMsPerDay: z.number(),
    oneOffMs: z.number(),
    basis: z.string(),
  }),
  netBenefitMsPerDay: z.number(),
  confidence: z.number().min(0).max(1),
  method: z.enum(PAYOFF_METHODS),
  rationale: z.string(),
  risk: z.strictObject({ level: z.enum(RISK_LEVELS), note: z.string() }),
  evidence: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  status: z.enum(RECOMMENDATION_STATUSES),
});

/**
 * The `analyze --format json` contract, exactly these keys: scripts and CI read it, so a change here
 * is a breaking change.
 */
export const analysisJsonSchema = z.strictObject({
  generatedAt: z.iso.datetime(),
  findings: z.array(findingJsonSchema),
  recommendations: z.array(recommendationJsonSchema),
});
export type AnalysisJson = z.infer<typeof analysisJsonSchema>;

/** The JSON document of a report; bigint evidence values print as exact JSON numbers. */
export function renderAnalysisJson(report: AnalysisReport): string {
  const document = {
    generatedAt: report.generatedAt.toISOString(),
    findings: report.findings.map(findingJson),
    recommendations: report.recommendations,
  };
  return stringifyLosslessJson(document, 2);
}

function findingJson(f: Finding) {
  return {
    id: f.id,
    detector: f.detector,
    severity: f.severity,
    confidence: f.confidence,
    title: f.title,
    subject: f.subject,
    jobIds: f.jobIds,
    evidence: f.evidence,
    impactMsPerDay: f.impactMsPerDay,
  };
}
