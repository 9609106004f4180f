import type { AnalysisReport, DetectorInfo } from '../analysis/analysis-report.js';
import { type Finding, type FindingSubject, subjectKey } from '../domain/finding.js';
import type { Severity } from '../domain/severity.js';
import { stringifyLosslessJson } from '../json/lossless-json.js';
import { describeImpact, describeSubject } from './finding-text.js';

const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json';

/** SARIF has three result levels; critical and high both block a build. */
const LEVELS: Readonly<Record<Severity, 'note' | 'warning' | 'error'>> = {
  low: 'note',
  medium: 'warning',
  high: 'error',
  critical: 'error',
};

const LOCATION_KINDS: Readonly<Record<FindingSubject['kind'], string>> = {
  job: 'object',
  fingerprint: 'function',
  dataset: 'resource',
  reflection: 'resource',
};

export interface SarifOptions {
  readonly toolVersion: string;
}

/**
 * A SARIF 2.1.0 log of a report, for code-scanning dashboards: one rule per detector that ran, one
 * result per finding with its level from the severity, a logical location per subject, and the
 * finding id as the partial fingerprint so a dashboard tracks a finding across runs.
 */
export function renderAnalysisSarif(report: AnalysisReport, options: SarifOptions): string {
  const ruleIndex = new Map(report.detectors.map((d, i) => [d.id, i]));
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'dremio-optimizer',
            version: options.toolVersion,
            rules: report.detectors.map(rule),
          },
        },
        invocations: [{ executionSuccessful: true, endTimeUtc: report.generatedAt.toISOString() }],
        results: report.findings.map((f) => result(f, ruleIndex.get(f.detector))),
      },
    ],
  };
  return stringifyLosslessJson(log, 2);
}

function rule(d: DetectorInfo) {
  return {
    id: d.id,
    name: d.title,
    shortDescription: { text: d.title },
    fullDescription: { text: d.rule },
    help: { text: `The rule, thresholds and known false positives: docs/detectors.md, section ${d.id}.` },
    defaultConfiguration: { level: 'warning' },
  };
}

function result(f: Finding, index: number | undefined) {
  return {
    ruleId: f.detector,
    ...(index === undefined ? {} : { ruleIndex: index }),
    level: LEVELS[f.severity],
    message: { text: `${f.title} (${f.severity}, ${describeImpact(f.impactMsPerDay)} a day)` },
    locations: [
      {
        logicalLocations: [
          {
            name: describeSubject(f.subject, 120),
            fullyQualifiedName: subjectKey(f.subject),
            kind: LOCATION_KINDS[f.subject.kind],
          },
        ],
      },
    ],
    partialFingerprints: { 'findingId/v1': f.id },
    properties: {
      severity: f.severity,
      confidence: f.confidence,
      impactMsPerDay: f.impactMsPerDay,
      jobIds: f.jobIds,
      evidence: f.evidence,
    },
  };
}
