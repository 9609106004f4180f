import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { AnalysisReport } from '../../src/analysis/analysis-report.js';
import { findingId } from '../../src/analysis/finding-id.js';
import type { Finding, FindingSubject } from '../../src/domain/finding.js';
import { type ANALYSIS_FORMATS, ANALYSIS_FORMATTERS } from '../../src/format/analysis-formats.js';
import { analysisJsonSchema } from '../../src/format/analysis-json.js';
import { parseLosslessJson } from '../../src/json/lossless-json.js';

function finding(
  detector: Finding['detector'],
  subject: FindingSubject,
  extra: Pick<Finding, 'severity' | 'impactMsPerDay' | 'title'>,
): Finding {
  return {
    id: findingId(detector, subject),
    detector,
    confidence: 0.8,
    subject,
    jobIds: ['1cb80d46-af06-c937-6391-32ad4fae4f00', '1cb80ab7-99a3-e7c0-5941-832bfc77f900'],
    evidence: {
      spilledBytes: 9_007_199_254_740_993n,
      operators: ['02-03'],
      thresholds: [{ quantity: 'spilledBytes', value: 5e9, unit: 'bytes', threshold: 4e9, severity: 'high' }],
    },
    ...extra,
  };
}

const LONG_SQL = `SELECT region, product, SUM(amount) AS total FROM lake.sales.orders o JOIN lake.sales.products p ON o.pid = p.id WHERE o.day >= DATE '2026-01-01' GROUP BY region, product`;

const REPORT: AnalysisReport = {
  generatedAt: new Date('2026-11-24T06:00:00.000Z'),
  clusterName: 'prod',
  window: { from: new Date('2026-10-02T00:00:00Z'), to: new Date('2026-11-01T00:00:00Z'), days: 30 },
  jobCount: 1500,
  daysWithJobs: 30,
  detectors: [
    { id: 'spill', title: 'Operators spilled to disk', rule: 'Spill rule.' },
    { id: 'small-files', title: 'Too many small files', rule: 'Small files rule.' },
    { id: 'reflection-failing', title: 'Reflection refreshes fail', rule: 'Failing rule.' },
    { id: 'queue-wait', title: 'Long wait in the WLM queue', rule: 'Queue rule.' },
  ],
  findings: [
    finding(
      'spill',
      { kind: 'fingerprint', fingerprint: '3fa9c0de11aa22bb', sampleSql: LONG_SQL },
      { severity: 'critical', impactMsPerDay: 7_560_000, title: 'Spilled 5.0 GB in 02-03 HASH_AGGREGATE' },
    ),
    finding(
      'small-files',
      { kind: 'dataset', path: 'lake.raw.events' },
      { severity: 'medium', impactMsPerDay: 900_000, title: '12,400 files averaging 3.1 MB (target 256 MB)' },
    ),
    finding(
      'reflection-failing',
      { kind: 'reflection', reflectionId: 'r-1', name: 'agg_sales_by_day', datasetPath: 'lake.sales.orders' },
      { severity: 'high', impactMsPerDay: 120_000, title: 'Refresh failed 6 times in a row' },
    ),
    finding(
      'queue-wait',
      { kind: 'job', jobId: '1c8b17a9-bd20-faef-4866-9b8c0c873c00' },
      { severity: 'low', impactMsPerDay: 12_500, title: 'Waited 12.5 s in queue Low Cost User Queries' },
    ),
  ],
  notEvaluated: [
    { detector: 'spill', missing: 'profile', reason: 'no profile', skippedJobs: 1200, totalJobs: 1500 },
    {
      detector: 'select-star',
      missing: 'datasets',
      reason: 'no dataset metadata',
      skippedJobs: 0,
      totalJobs: 1500,
    },
  ],
  waived: [{ findingId: 'aaaaaaaaaaaaaaaa', waiverId: 1n, reason: 'accepted', until: null }],
  resolvedIds: ['bbbbbbbbbbbbbbbb', 'cccccccccccccccc'],
  recommendations: [],
};

const render = (format: (typeof ANALYSIS_FORMATS)[number]) =>
  ANALYSIS_FORMATTERS[format](REPORT, { widthColumns: 100, toolVersion: '0.1.0' });

describe('analyze --format json', () => {
  it('holds exactly generatedAt, findings and recommendations, each finding with the contract keys', () => {
    const document = parseLosslessJson(render('json')) as Record<string, unknown>;
    expect(analysisJsonSchema.safeParse(document).success).toBe(true);
    expect(Object.keys(document)).toEqual(['generatedAt', 'findings', 'recommendations']);
    const first = (document.findings as Record<string, unknown>[])[0]!;
    expect(Object.keys(first)).toEqual([
      'id',
      'detector',
      'severity',
      'confidence',
      'title',
      'subject',
      'jobIds',
      'evidence',
      'impactMsPerDay',
    ]);
    expect(first.subject).toEqual(REPORT.findings[0]!.subject);
    // Counters beyond 2^53 stay exact.
    expect((first.evidence as { spilledBytes: bigint }).spilledBytes).toBe(9_007_199_254_740_993n);
    expect(document.generatedAt).toBe('2026-11-24T06:00:00.000Z');
  });

  it('would reject a document with an extra key (the contract schema is strict)', () => {
    const document = { ...(JSON.parse(render('json').replace(/9007199254740993/, '1')) as object), extra: 1 };
    expect(analysisJsonSchema.safeParse(document).success).toBe(false);
  });
});

/** The parts of the SARIF 2.1.0 schema (sarif-schema-2.1.0.json) the product emits, with its required keys. */
const message = z.object({ text: z.string().min(1) });
const sarifSchema = z.object({
  $schema: z.string().url(),
  version: z.literal('2.1.0'),
  runs: z
    .array(
      z.object({
        tool: z.object({
          driver: z.object({
            name: z.string().min(1),
            version: z.string().optional(),
            rules: z.array(
              z.object({
                id: z.string().min(1),
                name: z.string().optional(),
                shortDescription: message.optional(),
                fullDescription: message.optional(),
                help: message.optional(),
                defaultConfiguration: z
                  .object({ level: z.enum(['none', 'note', 'warning', 'error']) })
                  .optional(),
              }),
            ),
          }),
        }),
        invocations: z.array(z.object({ executionSuccessful: z.boolean(), endTimeUtc: z.iso.datetime() })),
        results: z.array(
          z.object({
            ruleId: z.string(),
            ruleIndex: z.number().int().min(-1),
            level: z.enum(['none', 'note', 'warning', 'error']),
            message,
            locations: z.array(
              z.object({
                logicalLocations: z.array(
                  z.object({ name: z.string(), fullyQualifiedName: z.string(), kind: z.string() }),
                ),
              }),
            ),
            partialFingerprints: z.record(z.string(), z.string()),
            properties: z.record(z.string(), z.unknown()),
          }),
        ),
      }),
    )
    .length(1),
});

describe('analyze --format sarif', () => {
  const log = sarifSchema.parse(parseLosslessJson(render('sarif')));
  const run = log.runs[0]!;

  it('declares one rule per detector that ran', () => {
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(REPORT.detectors.map((d) => d.id));
    expect(run.tool.driver.version).toBe('0.1.0');
  });

  it('gives each finding a result with its level, rule index and logical location', () => {
    expect(run.results.map((r) => [r.ruleId, r.level])).toEqual([
      ['spill', 'error'],
      ['small-files', 'warning'],
      ['reflection-failing', 'error'],
      ['queue-wait', 'note'],
    ]);
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId);
    expect(run.results.map((r) => r.locations[0]!.logicalLocations[0]!.fullyQualifiedName)).toEqual([
      'fingerprint:3fa9c0de11aa22bb',
      'dataset:lake.raw.events',
      'reflection:r-1',
      'job:1c8b17a9-bd20-faef-4866-9b8c0c873c00',
    ]);
    expect(run.results[0]!.partialFingerprints).toEqual({ 'findingId/v1': REPORT.findings[0]!.id });
  });
});

describe('analyze --format table', () => {
  const text = render('table');

  it('fits a 100-column terminal', () => {
    for (const line of text.split('\n')) expect(line.length, line).toBeLessThanOrEqual(100);
  });

  it('groups findings by impact band, the largest first, and tells silence from health', () => {
    const order = ['over 1 h', '10 min to 1 h', '1 to 10 min', 'under 1 min', 'Not evaluated'];
    const positions = order.map((label) => text.indexOf(label));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(text).toContain('spill: no profile for 1,200 of 1,500 jobs');
  });

  it('matches the golden report', async () => {
    await expect(text).toMatchFileSnapshot('golden/analysis-table.txt');
  });
});
