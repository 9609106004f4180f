import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DETECTOR_IDS } from '../domain/detector-id.js';
import { parseLosslessJson } from '../json/lossless-json.js';
import { createWorld } from './create-world.js';
import { FLAVORS } from './flavor.js';
import { cloudHistoryVisible } from './world/tables/cloud-history.js';
import { testWorldOptions } from './world/test-world.js';

describe('createWorld determinism', () => {
  it('gives byte-identical truth and profiles for the same options', () => {
    const a = createWorld(testWorldOptions({ jobs: 800 }));
    const b = createWorld(testWorldOptions({ jobs: 800 }));
    expect(JSON.stringify(a.truth())).toBe(JSON.stringify(b.truth()));
    for (const index of [0, 17, 399, 799]) {
      const id = a.job(index).jobId;
      expect(b.job(index).jobId).toBe(id);
      expect(a.profileJson(id, 0)).toBe(b.profileJson(id, 0));
    }
  });

  it('gives different jobs, truth and profiles for a different seed', () => {
    const a = createWorld(testWorldOptions({ jobs: 800, seed: 7 }));
    const b = createWorld(testWorldOptions({ jobs: 800, seed: 8 }));
    expect(JSON.stringify(a.truth())).not.toBe(JSON.stringify(b.truth()));
    expect(a.job(5).jobId).not.toBe(b.job(5).jobId);
    expect(a.profileJson(a.job(5).jobId, 0)).not.toBe(b.profileJson(b.job(5).jobId, 0));
  });

  it('computes a job the same whether or not other jobs were built first', () => {
    const warm = createWorld(testWorldOptions({ jobs: 800 }));
    for (let i = 0; i < 300; i++) warm.job(i);
    const cold = createWorld(testWorldOptions({ jobs: 800 }));
    expect(cold.job(299)).toEqual(warm.job(299));
  });
});

describe('job history', () => {
  const world = createWorld(testWorldOptions());

  it('orders jobs by submitted time, strictly, inside the history window', () => {
    const endMs = world.options.endAt.getTime();
    const startMs = endMs - world.options.days * 86_400_000;
    let previous = 0;
    for (let i = 0; i < world.jobCount; i++) {
      const at = world.job(i).submittedEpochMs;
      expect(at).toBeGreaterThan(previous);
      expect(at).toBeGreaterThanOrEqual(startMs);
      expect(at).toBeLessThan(endMs);
      previous = at;
    }
  });

  it('finds every job by id and rejects ids it never issued', () => {
    for (const index of [0, 1, 2500, world.jobCount - 1]) {
      const job = world.job(index);
      expect(job.jobId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{10}00$/);
      expect(world.jobById(job.jobId)).toEqual(job);
    }
    expect(world.jobById('00000000-0000-0000-0000-000000000000')).toBeUndefined();
    expect(world.jobById('not-a-job-id')).toBeUndefined();
  });

  it('is busier on weekday working hours than at night and at weekends', () => {
    let office = 0;
    let night = 0;
    for (let i = 0; i < world.jobCount; i++) {
      const job = world.job(i);
      if (job.template === 'reflection-refresh') continue;
      const date = new Date(job.submittedEpochMs);
      const weekday = date.getUTCDay() !== 0 && date.getUTCDay() !== 6;
      if (weekday && date.getUTCHours() >= 9 && date.getUTCHours() < 17) office++;
      if (date.getUTCHours() < 5) night++;
    }
    // 8 office hours × 10 weekdays against 5 night hours × 14 days: office must still dominate.
    expect(office).toBeGreaterThan(night * 4);
  });

  it('repeats templates with varying literals, so fingerprints repeat but texts differ', () => {
    const sqls = world
      .truth()
      .templates.find((t) => t.template === 'orders-by-channel-week')
      ?.jobIds.map((id) => world.jobById(id)?.sql);
    expect(sqls?.length).toBeGreaterThan(50);
    expect(new Set(sqls).size).toBeGreaterThan(3);
  });

  it('includes reflection refresh jobs, failed and cancelled jobs, and truncated SQL in history', () => {
    const jobs = Array.from({ length: world.jobCount }, (_, i) => world.job(i));
    const refresh = jobs.filter((j) => j.queryType === 'ACCELERATOR_CREATE');
    expect(refresh.length).toBeGreaterThan(20);
    expect(refresh.every((j) => j.sql.startsWith('REFRESH REFLECTION'))).toBe(true);
    expect(jobs.some((j) => j.finalState === 'FAILED' && j.errorMessage.startsWith('VALIDATION ERROR'))).toBe(
      true,
    );
    expect(jobs.some((j) => j.finalState === 'CANCELED')).toBe(true);
    const long = jobs.find((j) => j.sql.length > 16_000);
    expect(long).toBeDefined();
    const row = [...(world.table('sys.jobs_recent')?.scan([]) ?? [])].find((r) => r.job_id === long?.jobId);
    expect(String(row?.query).length).toBe(16_000);
  });
});

describe('truth', () => {
  const world = createWorld(testWorldOptions());
  const truth = world.truth();

  it('has the GroundTruth shape with generatedAt = endAt', () => {
    expect(truth.generatedAt).toBe('2026-11-01T00:00:00.000Z');
    expect(truth.seed).toBe(7);
    expect(truth.flavor).toBe('software-25.1');
    expect(truth.connection).toEqual({
      userName: 'dremio',
      password: 'dremio123',
      token: 'test-token',
      projectId: '4f1c2c7e-2d7e-4a8e-9a8e-3d5c1b7a9e01',
    });
    expect(truth.jobs).toHaveLength(world.jobCount);
    expect(truth.templates.length).toBeGreaterThanOrEqual(31);
  });

  it('labels jobs exactly as the jobs themselves are labelled', () => {
    truth.jobs.forEach((entry, i) => {
      const job = world.job(i);
      expect(entry.jobId).toBe(job.jobId);
      expect(entry.template).toBe(job.template);
      expect(entry.labels).toEqual(job.labels);
    });
  });

  it('uses every detector id somewhere and only known ids', () => {
    const used = new Set([
      ...truth.jobs.flatMap((j) => j.labels),
      ...truth.templates.flatMap((t) => t.labels),
      ...truth.datasets.flatMap((d) => d.labels),
      ...truth.reflections.flatMap((r) => r.labels),
    ]);
    expect([...used].sort()).toEqual([...DETECTOR_IDS].sort());
  });

  it('puts each label kind on its own level', () => {
    expect(truth.datasets.filter((d) => d.labels.includes('small-files')).map((d) => d.path)).toEqual([
      'lakehouse.web.events',
      'lakehouse.iot.sensor_readings',
    ]);
    const templateLabels = new Set(truth.templates.flatMap((t) => t.labels));
    expect([...templateLabels].sort()).toEqual(['reflection-missing', 'regression', 'select-star']);
    expect(new Set(truth.reflections.flatMap((r) => r.labels))).toEqual(
      new Set(['reflection-unused', 'reflection-failing']),
    );
  });
});

describe('system tables per flavor', () => {
  const cases = [
    {
      name: 'software-24.3 stops at query',
      flavor: 'software-24.3',
      table: 'sys.jobs_recent',
      count: 35,
      last: 'query',
    },
    {
      name: 'software-25.1 adds three columns',
      flavor: 'software-25.1',
      table: 'sys.jobs_recent',
      count: 38,
      last: 'execution_cpu_time_millis',
    },
    {
      name: 'software-26 adds six more',
      flavor: 'software-26',
      table: 'sys.jobs_recent',
      count: 44,
      last: 'context',
    },
    {
      name: 'cloud has its own history',
      flavor: 'cloud',
      table: 'sys.project.history.jobs',
      count: 42,
      last: 'starting_epoch',
    },
  ] as const;

  for (const c of cases) {
    it(c.name, () => {
      const world = createWorld(testWorldOptions({ flavor: c.flavor, jobs: 300 }));
      const table = world.table(c.table);
      expect(table?.columns).toHaveLength(c.count);
      expect(table?.columns.at(-1)?.name).toBe(c.last);
      const rows = [...(table?.scan([]) ?? [])];
      expect(rows.length).toBeGreaterThan(200);
      for (const row of rows.slice(0, 20))
        expect(Object.keys(row)).toEqual(table?.columns.map((col) => col.name));
    });
  }

  it('matches the real 24.x results page column for column, with the same value types', () => {
    const page = JSON.parse(
      readFileSync(
        fileURLToPath(new URL('../../test/fixtures/real/ddc/sys.jobs_recent.json', import.meta.url)),
        'utf8',
      ),
    ) as { schema: { name: string; type: { name: string } }[]; rows: Record<string, unknown>[] };
    const world = createWorld(testWorldOptions({ flavor: 'software-24.3', jobs: 100 }));
    const table = world.table('sys.jobs_recent');
    expect(table?.columns).toEqual(page.schema.map((c) => ({ name: c.name, type: c.type.name })));
    const row = [...(table?.scan([]) ?? [])][0] ?? {};
    const kind = (v: unknown) => (typeof v === 'bigint' ? 'number' : typeof v);
    for (const [name, value] of Object.entries(page.rows[1] ?? {}))
      expect(kind(row[name]), name).toBe(kind(value));
  });

  it('shows Software names only on Software and Cloud names only on Cloud', () => {
    for (const flavor of FLAVORS) {
      const world = createWorld(testWorldOptions({ flavor, jobs: 50 }));
      const cloud = flavor === 'cloud';
      // sys.jobs_recent arrived in 24.3; 24.2 keeps history only behind the jobs-listing API.
      expect(world.table('sys.jobs_recent') === undefined).toBe(cloud || flavor === 'software-24.2');
      expect(world.table('sys.project.history.jobs') === undefined).toBe(!cloud);
      expect(world.table('sys.reflections') === undefined).toBe(cloud);
      expect(world.table('sys.project.reflections') === undefined).toBe(!cloud);
      expect(world.table('information_schema.columns')).toBeDefined();
    }
  });

  it('renders Software timestamps as strings and unset ones as the epoch', () => {
    const world = createWorld(testWorldOptions({ flavor: 'software-24.3', jobs: 600 }));
    const rows = [...(world.table('sys.jobs_recent')?.scan([]) ?? [])];
    const failed = rows.find((r) => r.status === 'FAILED' && r.query_enqueued_epoch_millis === 0);
    expect(failed?.query_enqueued_ts).toBe('1970-01-01 00:00:00.000');
    expect(String(rows[0]?.submitted_ts)).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/);
    expect(typeof rows[0]?.queried_datasets).toBe('string');
  });

  it('fidelity-gaps #9: Cloud shows a job an hour after it ends, with nanosecond epochs, nulls and some rows twice', () => {
    const endAt = new Date('2026-11-04T12:00:00Z');
    const world = createWorld(testWorldOptions({ flavor: 'cloud', jobs: 3000, endAt }));
    const all = Array.from({ length: world.jobCount }, (_, i) => world.job(i));
    const rows = [...(world.table('sys.project.history.jobs')?.scan([]) ?? [])];
    const visible = all.filter((j) => cloudHistoryVisible(j, endAt.getTime()));
    expect(visible.length).toBeLessThan(world.jobCount);
    expect([...new Set(rows.map((r) => r.job_id))]).toEqual(visible.map((j) => j.jobId));
    expect(rows.length).toBeGreaterThan(visible.length);
    const first = world.job(0);
    expect(rows[0]?.submitted_epoch).toBe(BigInt(first.submittedEpochMs) * 1_000_000n);
    const failed = rows.find((r) => r.status === 'FAILED' && r.query_enqueued_epoch === 0n);
    expect(failed?.query_enqueued_ts).toBeNull();
    expect(failed?.scanned_datasets).toBeNull();
    expect(rows.find((r) => r.status === 'COMPLETED')?.error_msg).toBeNull();
    expect(Object.keys(rows[0] ?? {}).at(-1)).toBe('starting_epoch');
  });

  it('fidelity-gaps #1: Cloud dataset lists are {name, type} objects with every part quoted', () => {
    const world = createWorld(testWorldOptions({ flavor: 'cloud', jobs: 300 }));
    const rows = [...(world.table('sys.project.history.jobs')?.scan([]) ?? [])];
    const row = rows.find((r) => Array.isArray(r.queried_datasets));
    const job = world.jobById(String(row?.job_id));
    const first = (row?.queried_datasets as readonly Record<string, unknown>[] | undefined)?.[0];
    const path = job?.queriedDatasets[0] ?? '';
    expect(first?.name).toBe(
      path
        .split('.')
        .map((p) => `"${p}"`)
        .join('.'),
    );
    expect(['PHYSICAL_DATASET', 'VIRTUAL_DATASET']).toContain(first?.type);
  });

  it('narrows a jobs scan with a range hint on the epoch column', () => {
    const world = createWorld(testWorldOptions({ jobs: 2000 }));
    const watermark = world.job(1500).submittedEpochMs;
    const table = world.table('sys.jobs_recent');
    const rows = [
      ...(table?.scan([{ column: 'submitted_epoch_millis', min: { value: watermark, inclusive: false } }]) ??
        []),
    ];
    expect(rows).toHaveLength(499);
    expect(rows[0]?.job_id).toBe(world.job(1501).jobId);
    const inclusive = [
      ...(table?.scan([
        {
          column: 'submitted_epoch_millis',
          min: { value: watermark, inclusive: true },
          max: { value: watermark, inclusive: true },
        },
      ]) ?? []),
    ];
    expect(inclusive.map((r) => r.job_id)).toEqual([world.job(1500).jobId]);
  });
});

describe('edge sizes', () => {
  const cases = [
    { name: 'no jobs', jobs: 0, days: 14 },
    { name: 'one job', jobs: 1, days: 14 },
    { name: 'a fraction of a day', jobs: 40, days: 0.5 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const world = createWorld(testWorldOptions({ jobs: c.jobs, days: c.days }));
      expect(world.jobCount).toBe(c.jobs);
      expect(world.truth().jobs).toHaveLength(c.jobs);
      expect([...(world.table('sys.jobs_recent')?.scan([]) ?? [])]).toHaveLength(c.jobs);
      expect(() => world.job(c.jobs)).toThrow(RangeError);
      expect(world.jobById('00000000-0000-0000-0000-000000000000')).toBeUndefined();
      expect(world.profileJson('nope', 0)).toBeUndefined();
    });
  }
});

describe('bad options', () => {
  const cases = [
    { name: 'negative jobs', options: { jobs: -1 } },
    { name: 'fractional jobs', options: { jobs: 2.5 } },
    { name: 'zero days', options: { days: 0 } },
    { name: 'invalid endAt', options: { endAt: new Date('not a date') } },
  ];
  for (const c of cases) {
    it(`rejects ${c.name} with an input error that says what to change`, () => {
      expect(() => createWorld(testWorldOptions(c.options))).toThrow(
        /Cannot build the simulated world: .+ must|not a valid/,
      );
    });
  }
});

describe('a million jobs', () => {
  it('creates the world lazily and serves the last job, its row and its profile', () => {
    const world = createWorld(testWorldOptions({ jobs: 1_000_000, days: 30 }));
    expect(world.jobCount).toBe(1_000_000);
    const last = world.job(999_999);
    expect(world.jobById(last.jobId)).toEqual(last);
    expect(last.submittedEpochMs).toBeGreaterThan(world.job(999_998).submittedEpochMs);
    const tail = [
      ...(world
        .table('sys.jobs_recent')
        ?.scan([
          { column: 'submitted_epoch_millis', min: { value: last.submittedEpochMs, inclusive: true } },
        ]) ?? []),
    ];
    expect(tail.map((r) => r.job_id)).toEqual([last.jobId]);
    const profile = parseLosslessJson(world.profileJson(last.jobId, 0) ?? '') as { id: { part1: unknown } };
    expect(typeof profile.id.part1 === 'bigint' || typeof profile.id.part1 === 'number').toBe(true);
  });
});
