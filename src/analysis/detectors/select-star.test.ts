import { beforeAll, describe, expect, it } from 'vitest';
import { buildJob } from '../../../test/support/job-builder.js';
import { buildProfileSummary, buildScan, NO_STAKE } from '../../../test/support/profile-builder.js';
import type { Dataset } from '../../domain/dataset.js';
import type { JobRecord } from '../../domain/job.js';
import type { ProfileSummary } from '../../domain/profile-summary.js';
import { extractSqlFacts } from '../../sql/facts.js';
import { initSqlParser } from '../../sql/sql-parser.js';
import { buildSnapshot } from '../build-snapshot.js';
import type { WorkloadSnapshot } from '../detector.js';
import { type SelectStarEvidence, type SelectStarThresholds, selectStarDetector } from './select-star.js';

const TABLE = 'src.sales.orders';
const SQL = `SELECT * FROM ${TABLE} WHERE region = 'EMEA'`;
const END = new Date('2026-11-01T00:00:00.000Z');

function dataset(columns: number, path = TABLE): Dataset {
  return {
    path,
    pathParts: path.split('.'),
    datasetId: 'ds-1',
    kind: 'table',
    format: 'Iceberg',
    viewSql: null,
    columns: Array.from({ length: columns }, (_, i) => ({ name: `c${i}`, type: 'VARCHAR' })),
    partitionFields: [],
    files: [],
  };
}

function snapshot(options: {
  readonly columns: number;
  readonly columnsRead?: number | null;
  readonly runs?: number;
  readonly sql?: string;
  readonly job?: Partial<JobRecord>;
}): WorkloadSnapshot {
  const jobs: JobRecord[] = [];
  const profiles = new Map<string, ProfileSummary>();
  for (let i = 0; i < (options.runs ?? 10); i++) {
    const job = buildJob({
      jobId: `job-${i}`,
      fingerprint: 'fp-star',
      sqlText: options.sql ?? SQL,
      ...options.job,
    });
    jobs.push(job);
    if (options.columnsRead === null) continue;
    const read = options.columnsRead ?? options.columns;
    profiles.set(
      job.jobId,
      buildProfileSummary({
        jobId: job.jobId,
        totalProcessNanos: 800e6,
        scans: [
          buildScan({
            key: '02-03',
            table: TABLE,
            columns: Array.from({ length: read }, (_, c) => `c${c}`),
            processNanos: 400e6,
          }),
        ],
      }),
    );
  }
  return buildSnapshot({
    window: { from: new Date(END.getTime() - 86_400_000), to: END, days: 1 },
    jobs,
    profiles,
    facts: (_fp, sql) => (sql === null ? undefined : extractSqlFacts(sql)),
    datasets: new Map([[TABLE, dataset(options.columns)]]),
    reflections: [],
  });
}

const UNDAMPED: SelectStarThresholds = { ...selectStarDetector.defaults, stake: NO_STAKE };

function findOne(s: WorkloadSnapshot, thresholds = UNDAMPED) {
  const findings = selectStarDetector.detect(s, thresholds);
  expect(findings.length).toBeLessThanOrEqual(1);
  return findings[0];
}

beforeAll(async () => {
  await initSqlParser();
});

describe('select-star', () => {
  const rungs = [
    { name: 'low at 20 columns', columns: 20, severity: 'low' },
    { name: 'medium at 40 columns', columns: 40, severity: 'medium' },
    { name: 'high at 80 columns', columns: 80, severity: 'high' },
    { name: 'critical at 160 columns', columns: 160, severity: 'critical' },
  ] as const;
  for (const rung of rungs) {
    it(rung.name, () => {
      expect(findOne(snapshot({ columns: rung.columns }))?.severity).toBe(rung.severity);
    });
  }

  it('does not fire just below the lowest rung (19 columns) nor on a 3-column table', () => {
    expect(findOne(snapshot({ columns: 19 }))).toBeUndefined();
    expect(findOne(snapshot({ columns: 3 }))).toBeUndefined();
  });

  it('does not fire when the profile shows projection narrowed the star to a few columns', () => {
    expect(findOne(snapshot({ columns: 36, columnsRead: 2 }))).toBeUndefined();
  });

  it('reports the numbers from the profile and the job rows', () => {
    const f = findOne(snapshot({ columns: 36 }))!;
    const e = f.evidence as SelectStarEvidence;
    expect(f.subject).toEqual({ kind: 'fingerprint', fingerprint: 'fp-star', sampleSql: SQL });
    expect(f.jobIds).toHaveLength(10);
    expect(e).toMatchObject({
      datasetPath: TABLE,
      datasetColumnCount: 36,
      columnsRead: 36,
      runs: 10,
      profiledRuns: 10,
    });
    expect(e.scanOperatorKeys).toEqual(['02-03']);
    // Each run: 1150 ms × 400/800 of the operator time in the scan.
    expect(e.scanMs).toBe(10 * 575);
    expect(e.timeShare).toBeCloseTo(0.5, 10);
    expect(f.impactMsPerDay).toBe(5750);
    expect(f.confidence).toBe(0.9);
  });

  it('damps a wide star on cheap runs to low severity with the default stake', () => {
    const f = findOne(snapshot({ columns: 160 }), selectStarDetector.defaults);
    expect(f?.severity).toBe('low');
    expect(f?.evidence.thresholds.map((t) => t.quantity)).toEqual([
      'columnCount',
      'timeShare',
      'impactMsPerDay',
    ]);
  });

  it('still fires without profiles, on the catalog width, with lower confidence', () => {
    const f = findOne(snapshot({ columns: 36, columnsRead: null }))!;
    expect(f.confidence).toBe(0.6);
    expect((f.evidence as SelectStarEvidence).columnsRead).toBeNull();
  });

  it('stays silent without the dataset in the catalog, without a star, for previews and one-off runs', () => {
    const noCatalog = { ...snapshot({ columns: 36 }), datasets: new Map() };
    expect(findOne(noCatalog)).toBeUndefined();
    expect(findOne(snapshot({ columns: 36, sql: `SELECT c1, c2 FROM ${TABLE}` }))).toBeUndefined();
    expect(findOne(snapshot({ columns: 36, job: { queryType: 'UI_PREVIEW' } }))).toBeUndefined();
    expect(findOne(snapshot({ columns: 36, runs: 2 }))).toBeUndefined();
  });

  it('accepts its defaults and rejects a non-monotonic ladder', () => {
    expect(selectStarDetector.schema.safeParse(selectStarDetector.defaults).success).toBe(true);
    const bad = {
      ...selectStarDetector.defaults,
      columnCount: { ...selectStarDetector.defaults.columnCount, medium: 10 },
    };
    expect(selectStarDetector.schema.safeParse(bad).success).toBe(false);
  });
});
