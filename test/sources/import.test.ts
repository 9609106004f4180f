import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { stringifyLosslessJson } from '../../src/json/lossless-json.js';
import { DEFAULT_ARCHIVE_LIMITS } from '../../src/profile/archive-limits.js';
import { type ImportOptions, importFiles } from '../../src/sources/import-service.js';
import { findCluster, getJob, loadDatasets, type Store } from '../../src/store/index.js';
import { skewnessShapedProfile } from '../profile/skewness-shaped-profile.js';
import { realFixture } from '../support/fixtures.js';
import { testBackends } from '../support/store-backends.js';
import { ustar } from '../support/ustar.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

const options = (paths: string[], extra: Partial<ImportOptions> = {}): ImportOptions => ({
  paths,
  clusterName: 'offline',
  redactSql: false,
  storeRawProfiles: true,
  limits: DEFAULT_ARCHIVE_LIMITS,
  ...extra,
});

async function tableCounts(store: Store): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of ['clusters', 'jobs', 'profiles', 'fingerprints'] as const) {
    const r = await sql<{ n: bigint }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(store.db);
    counts[table] = Number(r.rows[0]!.n);
  }
  return counts;
}

describe.each(testBackends())('offline import [$name]', (backend) => {
  async function fresh() {
    const t = await backend.fresh();
    cleanups.push(() => t.dispose());
    return t.store;
  }

  it('imports every real fixture, with the values the files hold', async () => {
    const store = await fresh();
    const summary = await importFiles(store, options([realFixture('')]));
    expect(summary.jobs.inserted).toBe(19);
    expect(summary.profiles.inserted).toBe(3);
    expect(summary.documents).toMatchObject({
      profile: 4,
      'jobs-results': 2,
      'queries-json': 7,
      'support-header': 1,
    });

    const cluster = (await findCluster(store.db, 'offline'))!;
    const history = await getJob(store.db, cluster.id, 'Query1');
    expect(history).toMatchObject({
      state: 'FAILED',
      user_name: 'dremio_user',
      sql_text: 'SELECT * FROM example_view',
    });
    expect(history?.submitted_at.toISOString()).toBe('2024-04-24T14:26:23.248Z');
    expect(history?.error_message).toBe("Object 'example_view' not found [...]");
    expect(history?.planning_start_at).toBeNull();
    expect((await getJob(store.db, cluster.id, 'Query2'))?.queue_name).toBe('Low Cost User Queries');

    const logged = await getJob(store.db, cluster.id, '1cd23ebb-0234-aedd-5240-a2386f897400');
    expect(logged).toMatchObject({
      user_name: 'dremio',
      state: 'FAILED',
      source: 'queries-json',
      duration_ms: 418n,
    });
    expect(logged?.error_message).toContain('pglocal');

    const profiled = await getJob(store.db, cluster.id, '1c8b17a9-bd20-faef-4866-9b8c0c873c00');
    expect(profiled).toMatchObject({
      user_name: 'rssvihla',
      state: 'COMPLETED',
      queue_name: 'Low Cost User Queries',
    });
    expect(profiled?.fingerprint).toMatch(/^[0-9a-f]{16}$/);
  });

  it('fidelity-gaps #2: testprofile.zip (21.6, ENGINE_START listed before QUEUED) stores 15 ms queued, 0 ms engine start', async () => {
    const store = await fresh();
    await importFiles(store, options([realFixture('dqd/testprofile.zip')]));
    const cluster = (await findCluster(store.db, 'offline'))!;
    const job = await getJob(store.db, cluster.id, '1c8b17a9-bd20-faef-4866-9b8c0c873c00');
    expect(job).toMatchObject({ queued_ms: 15n, engine_start_ms: 0n, execution_planning_ms: 5n });
  });

  it('a profile without stateList (shaped like dremio-oss skewness_profile.json) stores planning from planningStart/End', async () => {
    const store = await fresh();
    const dir = mkdtempSync(join(tmpdir(), 'do-skew-'));
    writeFileSync(join(dir, 'skewness_profile.json'), stringifyLosslessJson(skewnessShapedProfile()));
    const summary = await importFiles(store, options([dir]));
    expect(summary.problems).toEqual([]);
    const cluster = (await findCluster(store.db, 'offline'))!;
    const [job] = await store.db
      .selectFrom('jobs')
      .selectAll()
      .where('cluster_id', '=', cluster.id)
      .execute();
    expect(job).toMatchObject({
      pending_ms: 4n,
      planning_ms: 758n,
      running_ms: 32_435n,
      duration_ms: 33_197n,
    });
  });

  it('refuses profiles without a job id by name, never storing the zero id', async () => {
    const store = await fresh();
    const dir = mkdtempSync(join(tmpdir(), 'do-noid-'));
    const { id: _id, ...withoutId } = skewnessShapedProfile();
    writeFileSync(join(dir, 'a.json'), stringifyLosslessJson(withoutId));
    writeFileSync(join(dir, 'b.json'), stringifyLosslessJson({ ...withoutId, start: 1_700_000_000_000 }));
    const summary = await importFiles(store, options([dir]));
    expect(summary.problems.map((p) => p.where)).toEqual([join(dir, 'a.json'), join(dir, 'b.json')]);
    expect(summary.problems[0]?.reason).toMatch(
      /^the profile has no job id .*not imported; download it again/,
    );
    expect(summary.jobs).toEqual({ inserted: 0, updated: 0, unchanged: 0 });
    expect(summary.profiles).toEqual({ inserted: 0, updated: 0, unchanged: 0 });
    expect(await tableCounts(store)).toMatchObject({ jobs: 0, profiles: 0 });
  });

  it('imports a real /api/v3/catalog answer as a dataset with its columns and format', async () => {
    const store = await fresh();
    const summary = await importFiles(store, options([realFixture('mcp/catalog-iceberg-table.json')]));
    expect(summary.problems).toEqual([]);
    expect(summary).toMatchObject({ datasets: 1, documents: { 'catalog-entity': 1 } });
    const cluster = (await findCluster(store.db, 'offline'))!;
    const dataset = (await loadDatasets(store.db, cluster.id)).get(
      'Samples.samples.dremio.com.NYC-taxi-trips-iceberg',
    );
    expect(dataset).toMatchObject({
      kind: 'table',
      format: 'Iceberg',
      datasetId: '3d9d748f-35af-477b-9ded-dd63b01d803b',
    });
    expect(dataset?.columns.map((c) => c.name)).toEqual([
      'pickup_datetime',
      'passenger_count',
      'trip_distance_mi',
      'fare_amount',
      'tip_amount',
      'total_amount',
    ]);
  });

  it('skips non-Dremio files met in a directory with a note, not a problem', async () => {
    const store = await fresh();
    const summary = await importFiles(store, options([realFixture('')]));
    expect(summary.problems.filter((p) => !p.where.includes('/ddc/bad_'))).toEqual([]);
    expect(summary.skipped.map((p) => p.where)).toEqual([realFixture('README.md')]);
    const named = await importFiles(store, options([realFixture('README.md')]));
    expect(named.problems[0]?.reason).toMatch(/^not a format we import/);
  });

  it("reports a support bundle's header.json alone, but not beside its profiles", async () => {
    const store = await fresh();
    const bundle = unzipSync(readFileSync(realFixture('dqd/testprofile.zip')));
    const alone = mkdtempSync(join(tmpdir(), 'do-header-'));
    writeFileSync(join(alone, 'header.json'), bundle['header.json']!);
    const lone = await importFiles(store, options([join(alone, 'header.json')]));
    expect(lone.problems).toEqual([
      {
        where: join(alone, 'header.json'),
        reason: expect.stringMatching(/header\.json alone holds no profile/),
      },
    ]);
    const unzipped = mkdtempSync(join(tmpdir(), 'do-bundle-'));
    for (const [name, data] of Object.entries(bundle)) writeFileSync(join(unzipped, name), data);
    expect((await importFiles(store, options([unzipped]))).problems).toEqual([]);
  });

  it('reads a tgz inside a tgz inside a ZIP (three archives deep) and refuses a fourth level', async () => {
    const store = await fresh();
    const line = strToU8(
      `${JSON.stringify({ queryId: 'deep', start: 1_700_000_000_000, finish: 1_700_000_000_100 })}\n`,
    );
    const inner = gzipSync(ustar({ 'queries.json': line }));
    const outer = gzipSync(ustar({ 'inner.tgz': inner }));
    const dir = mkdtempSync(join(tmpdir(), 'do-nest-'));
    writeFileSync(join(dir, 'bundle.zip'), zipSync({ 'outer.tgz': outer }));
    const three = await importFiles(store, options([join(dir, 'bundle.zip')]));
    expect(three.problems).toEqual([]);
    expect(three.jobs.inserted).toBe(1);
    writeFileSync(join(dir, 'deeper.zip'), zipSync({ 'bundle.zip': zipSync({ 'outer.tgz': outer }) }));
    const four = await importFiles(store, options([join(dir, 'deeper.zip')]));
    expect(four.problems[0]?.reason).toBe('archives nested more than 3 deep are not read');
  });

  it('fidelity-gaps #6: a support ZIP with two attempts describes the job by the last, keeping the first as evidence', async () => {
    const store = await fresh();
    const oom =
      'OUT_OF_MEMORY ERROR: Query was cancelled because it exceeded the memory limits set by the administrator.';
    const first = { ...skewnessShapedProfile(), state: 4, error: oom };
    const last = { ...skewnessShapedProfile(), start: 1_653_506_680_000, end: 1_653_506_690_000 };
    const dir = mkdtempSync(join(tmpdir(), 'do-attempts-'));
    writeFileSync(
      join(dir, 'support.zip'),
      zipSync({
        'header.json': strToU8('{}'),
        'profile_attempt_0.json': strToU8(stringifyLosslessJson(first)),
        'profile_attempt_1.json': strToU8(stringifyLosslessJson(last)),
      }),
    );
    const summary = await importFiles(store, options([join(dir, 'support.zip')]));
    expect(summary.problems).toEqual([]);
    expect(summary.profiles.inserted).toBe(2);
    const cluster = (await findCluster(store.db, 'offline'))!;
    const jobs = await store.db.selectFrom('jobs').selectAll().where('cluster_id', '=', cluster.id).execute();
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({
      state: 'COMPLETED',
      attempt_count: 2,
      error_message: null,
      duration_ms: 10_000n,
    });
    expect(jobs[0]?.raw).toEqual({
      earlierAttempts: [
        {
          attempt: 0,
          state: 'FAILED',
          error: oom,
          sourceRef: `${join(dir, 'support.zip')}!profile_attempt_0.json`,
        },
      ],
    });
    const attempts = await store.db.selectFrom('profiles').select(['attempt']).orderBy('attempt').execute();
    expect(attempts.map((a) => a.attempt)).toEqual([0, 1]);
  });

  it('reports bad lines and rows as file:line and imports the rest', async () => {
    const store = await fresh();
    const summary = await importFiles(store, options([realFixture('ddc')]));
    const where = summary.problems.map((p) => p.where.replace(realFixture('ddc'), 'ddc'));
    expect(where).toEqual(
      expect.arrayContaining([
        'ddc/bad_queries.json:1',
        'ddc/bad_queries.json:3',
        'ddc/bad_sys.jobs_recent.json: row 2',
      ]),
    );
    expect(summary.problems.find((p) => p.where.endsWith('bad_queries.json:3'))?.reason).toBe('no queryId');
    expect(summary.jobs.inserted).toBe(5);
  });

  it('changes nothing when the same files are imported again', async () => {
    const store = await fresh();
    await importFiles(store, options([realFixture('')]));
    const before = await tableCounts(store);
    const again = await importFiles(store, options([realFixture('')]));
    expect(again.jobs).toEqual({ inserted: 0, updated: 0, unchanged: 31 });
    expect(again.profiles.inserted + again.profiles.updated).toBe(0);
    expect(await tableCounts(store)).toEqual(before);
  });

  it('reads queries.json logs gzipped inside a ZIP', async () => {
    const store = await fresh();
    const summary = await importFiles(store, options([realFixture('dqd/big-queries.json.zip')]));
    expect(summary.documents['queries-json']).toBe(3);
    expect(summary.problems).toEqual([]);
    const cluster = (await findCluster(store.db, 'offline'))!;
    expect(await getJob(store.db, cluster.id, '1cd23e7e-04c7-82c8-6d6b-c97fc6a24600')).toBeDefined();
  });

  it('stores no literal and no raw profile when SQL redaction is on', async () => {
    const store = await fresh();
    const dir = mkdtempSync(join(tmpdir(), 'do-redact-'));
    const line = {
      queryId: 'r1',
      start: 1_700_000_000_000,
      finish: 1_700_000_000_500,
      outcome: 'COMPLETED',
      queryText: "SELECT * FROM t WHERE ssn = '123-45-6789'",
    };
    writeFileSync(join(dir, 'queries.json'), `${JSON.stringify(line)}\n`);
    await importFiles(store, options([dir, realFixture('dqd/testprofile.zip')], { redactSql: true }));
    const cluster = (await findCluster(store.db, 'offline'))!;
    const job = await getJob(store.db, cluster.id, 'r1');
    expect(job?.sql_text).not.toContain('123-45-6789');
    expect(job?.sql_redacted).toBe(true);
    expect(job?.raw).toBeNull();
    const profile = await store.db.selectFrom('profiles').select(['raw_gzip']).executeTakeFirstOrThrow();
    expect(profile.raw_gzip).toBeNull();
  });

  it('writes nothing on a dry run', async () => {
    const store = await fresh();
    const summary = await importFiles(store, options([realFixture('dqd')], { dryRun: true }));
    expect(summary.jobs.inserted).toBeGreaterThan(0);
    expect(await tableCounts(store)).toMatchObject({ clusters: 0, jobs: 0, profiles: 0 });
  });

  it('refuses a gzip bomb with a clear reason and keeps going', async () => {
    const store = await fresh();
    const dir = mkdtempSync(join(tmpdir(), 'do-bomb-'));
    writeFileSync(join(dir, 'bomb.json.gz'), gzipSync(Buffer.alloc(8 * 1024 * 1024, 0x20)));
    writeFileSync(join(dir, 'ok.json'), `${JSON.stringify({ queryId: 'q', start: 1_700_000_000_000 })}\n`);
    const summary = await importFiles(
      store,
      options([dir], { limits: { ...DEFAULT_ARCHIVE_LIMITS, maxCompressionRatio: 100 } }),
    );
    expect(summary.problems).toHaveLength(1);
    expect(summary.problems[0]?.reason).toMatch(/refused: .*compression ratio/);
    expect(summary.jobs.inserted).toBe(1);
  });
});
