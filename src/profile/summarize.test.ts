import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLosslessJson } from '../json/lossless-json.js';
import { summarizeProfile } from './summarize.js';

const REAL = new URL('../../test/fixtures/real/dqd/', import.meta.url);
const load = (name: string) => parseLosslessJson(readFileSync(new URL(name, REAL), 'utf8'));

/** The UUID as Dremio writes it, computed independently of the code under test. */
function uuidOf(part1: bigint, part2: bigint): string {
  const hex = [part1, part2].map((p) => (p < 0n ? p + 2n ** 64n : p).toString(16).padStart(16, '0')).join('');
  return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join('-');
}

describe('summarizeProfile on real 21.6 profiles', () => {
  const profile1 = summarizeProfile(load('profile1.json'));

  it('rebuilds the job id that Dremio used in the results path', () => {
    expect(profile1.jobId).toBe(uuidOf(2069418626012072247n, 7174571401325465344n));
    expect(profile1.jobId).toBe('1cb80d46-af06-c937-6391-32ad4fae4f00');
    expect(profile1.planText).toContain(`/results/${profile1.jobId}]`);
    expect(profile1.jobIdExact).toBe(true);
  });

  it('reads the header fields', () => {
    expect(profile1).toMatchObject({
      state: 'COMPLETED',
      user: 'rssvihla',
      dremioVersion: '21.6.0-202209301921120677-ad35777b',
      startEpochMs: 1665659576641,
      endEpochMs: 1665659579063,
      durationMs: 2422,
      planningMs: 1512,
      client: { name: 'Dremio Java local client', application: '5982@laptop-jkcfofo7.home' },
      queue: {
        queueName: 'Low Cost User Queries',
        ruleContent: 'query_cost() < 30000000',
        ruleAction: 'PLACE',
      },
      error: undefined,
      warnings: [],
    });
    expect(profile1.queryText).toMatch(/^SELECT "SF weather 2018-2019.csv"."DATE"/);
    expect(profile1.nonDefaultOptions.map((o) => [o.name, o.value])).toEqual([
      ['planner.query_results_store_path', '__jobResultsStore'],
      ['planner.output_limit_enable', true],
      ['planner.store_query_results', 'PATH_AND_ATTEMPT_ID'],
    ]);
  });

  it('splits time per state and planning phase', () => {
    expect(profile1.stateDurationsMs).toEqual({
      pending: 1,
      metadataRetrieval: 1456,
      planning: 47,
      queued: 10,
      engineStart: 0,
      executionPlanning: 4,
      starting: 3,
      running: 902,
    });
    expect(profile1.planPhases).toHaveLength(26);
    expect(profile1.planPhases[0]).toEqual({ name: 'Validation', durationMs: 1450 });
    expect(profile1.planPhases.find((p) => p.name === 'Physical Planning')?.durationMs).toBe(15);
  });

  it('aggregates operators by MM-OO with names, records and metrics', () => {
    expect(profile1.operators.map((o) => `${o.key} ${o.typeName}`)).toEqual([
      '00-00 SCREEN',
      '00-01 PROJECT',
      '00-02 WRITER_COMMITTER',
      '00-03 ARROW_WRITER',
      '00-04 PROJECT',
      '00-05 PROJECT',
      '00-06 HASH_AGGREGATE',
      '00-07 PROJECT',
      '00-08 TEXT_SUB_SCAN',
    ]);
    const scan = profile1.operators.find((o) => o.key === '00-08');
    expect(scan).toMatchObject({
      recordsIn: 485,
      recordsOut: 485,
      estimatedRows: 5288,
      planNodeName: 'EasyScan',
    });
    expect(scan?.processNanos).toEqual({ sum: 583322, max: 583322, median: 583322 });
    expect(scan?.waitNanos.sum).toBe(877221339);
    expect(scan?.metrics.MAX_METADATA_IO_READ_TIME_NS).toBe(223167181);
    expect(scan?.metrics.NUM_READERS).toBe(1);
    const agg = profile1.operators.find((o) => o.key === '00-06');
    expect(agg?.metrics.NUM_HASH_PARTITIONS).toBe(8);
    expect(agg?.peakMemoryBytes).toBe(10027008);
    const writer = profile1.operators.find((o) => o.key === '00-03');
    expect(writer).toMatchObject({ recordsIn: 485, recordsOut: 1, recordsOutSource: 'parent-input' });
    expect(writer?.metrics).toEqual({ BYTES_WRITTEN: 23103, OUTPUT_LIMITED: 0 });
    expect(profile1.totalProcessNanos).toBe(5324631);
  });

  it('summarises the fragment, the scan and the absence of spill', () => {
    expect(profile1.fragments).toHaveLength(1);
    expect(profile1.fragments[0]).toMatchObject({
      majorFragmentId: 0,
      minorFragmentCount: 1,
      durationMs: 902,
      blockedOnDownstreamMs: 1,
      peakMemoryBytes: 18207424,
      skew: { processMaxOverMedian: 1, recordsMaxOverMedian: 1 },
    });
    expect(profile1.scans).toEqual([
      expect.objectContaining({
        key: '00-08',
        table: 'Samples."samples.dremio.com"."SF weather 2018-2019.csv"',
        columns: ['ELEVATION', 'DATE', 'TAVG', 'TMAX', 'TMIN'],
        splits: 1,
        hasPartitionFilter: false,
        readsReflection: false,
        recordsRead: 485,
      }),
    ]);
    expect(profile1.joins).toEqual([]);
    expect(profile1.spill).toMatchObject({ spilled: false, totalBytes: 0 });
    expect(profile1.acceleration.reflections).toEqual([]);
    expect(profile1.datasets).toEqual([
      { path: 'Samples."samples.dremio.com"."SF weather 2018-2019.csv"', kind: 'physical', sql: undefined },
    ]);
  });

  it('reads profile2 and the empty-client-info variant', () => {
    const profile2 = summarizeProfile(load('profile2.json'));
    expect(profile2.jobId).toBe(uuidOf(2069415812449691584n, 6431565967804332288n));
    expect(profile2.operators.find((o) => o.key === '00-06')).toMatchObject({
      recordsIn: 485,
      recordsOut: 1,
    });
    expect(profile2.stateDurationsMs.running).toBe(1177);
    const empty = summarizeProfile(load('profileWithEmptyClientInfo.json'));
    expect(empty.client).toEqual({ name: '', version: '', application: '' });
    expect(empty.jobId).toBe(profile2.jobId);
  });

  it('flags a job id that was parsed with plain JSON.parse', () => {
    const rounded = summarizeProfile(JSON.parse(readFileSync(new URL('profile1.json', REAL), 'utf8')));
    expect(rounded.jobIdExact).toBe(false);
    expect(rounded.warnings.join(' ')).toMatch(/rounded/);
  });
});
