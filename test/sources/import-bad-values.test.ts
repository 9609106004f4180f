import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_ARCHIVE_LIMITS } from '../../src/profile/archive-limits.js';
import { type ImportOptions, importFiles } from '../../src/sources/import-service.js';
import { findCluster, getJob, listRunErrors, type Store } from '../../src/store/index.js';
import { realFixture } from '../support/fixtures.js';
import { runCli } from '../support/run-cli.js';
import { testBackends } from '../support/store-backends.js';

const cleanups: (() => Promise<void> | void)[] = [];
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

const PROFILE1_JOB = '1cb80d46-af06-c937-6391-32ad4fae4f00';
const PROFILE2 = realFixture('dqd/profile2.json');
const REAL_START = '"start":1665659576641,';

function workdir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'do-bad-values-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** profile1.json with its `start` replaced by the given JSON number text. */
function profile1With(dir: string, start: string): string {
  const text = readFileSync(realFixture('dqd/profile1.json'), 'utf8');
  expect(text).toContain(REAL_START);
  const path = join(dir, 'a-profile1.json');
  writeFileSync(path, text.replace(REAL_START, `"start":${start},`));
  return path;
}

const line = (fields: Record<string, unknown>) =>
  JSON.stringify({ start: 1_700_000_000_000, finish: 1_700_000_000_500, outcome: 'COMPLETED', ...fields });

async function runRow(store: Store, runId: bigint) {
  return store.db
    .selectFrom('collection_runs')
    .select(['status', 'ended_at'])
    .where('id', '=', runId)
    .executeTakeFirstOrThrow();
}

describe.each(testBackends())('import with bad values [$name]', (backend) => {
  async function fresh() {
    const t = await backend.fresh();
    cleanups.push(() => t.dispose());
    return t.store;
  }

  it.each([
    ['1e20', /field start: 100000000000000000000 is outside 1970-01-01/],
    ['1e400', /field start: Infinity is not a finite number/],
  ])(
    'a profile with "start": %s is refused by name; the next file is imported; the run ends partial',
    async (start, reason) => {
      const store = await fresh();
      const dir = workdir();
      const bad = profile1With(dir, start);
      const summary = await importFiles(store, options([bad, PROFILE2]));
      expect(summary.problems).toEqual([{ where: bad, reason: expect.stringMatching(reason) }]);
      expect(summary.jobs.inserted).toBe(1);
      expect(summary.profiles.inserted).toBe(1);
      const cluster = (await findCluster(store.db, 'offline'))!;
      expect(await getJob(store.db, cluster.id, PROFILE1_JOB)).toBeUndefined();
      const profiles = await store.db.selectFrom('profiles').select(['job_id']).execute();
      const jobs = await store.db.selectFrom('jobs').select(['job_id']).execute();
      expect(profiles.map((p) => p.job_id)).toEqual(jobs.map((j) => j.job_id));

      const run = await runRow(store, summary.runId!);
      expect(run.status).toBe('partial');
      expect(run.ended_at).not.toBeNull();
      expect(await listRunErrors(store.db, summary.runId!)).toEqual([
        { stage: 'import', item: bad, message: summary.problems[0]!.reason, hint: undefined },
      ]);

      const dry = await importFiles(await fresh(), options([bad, PROFILE2], { dryRun: true }));
      expect(dry.problems).toEqual(summary.problems);
    },
  );

  it('queries.json: a bad time rejects its line, a huge counter or a NUL is dropped with a warning, later files import', async () => {
    const store = await fresh();
    const dir = workdir();
    const log = join(dir, 'a-queries.json');
    writeFileSync(
      log,
      [
        line({ queryId: 'good1' }),
        line({ queryId: 'far', start: 1e20, finish: 1e20 }),
        line({ queryId: 'huge', inputRecords: 1 }).replace(
          '"inputRecords":1',
          '"inputRecords":99999999999999999999999',
        ),
        line({ queryId: 'nul', queryText: 'SELECT 1 /* \u0000 */', username: 'u\u0000' }),
        line({ queryId: 'inf', queryCost: 1 }).replace('"queryCost":1', '"queryCost":1e400'),
        line({ queryId: 'good2' }),
        line({ queryId: 'deep', extra: null }).replace(
          '"extra":null',
          `"extra":${'['.repeat(5000)}${']'.repeat(5000)}`,
        ),
        '',
      ].join('\n'),
    );
    const later = join(dir, 'b-queries.json');
    writeFileSync(later, `${line({ queryId: 'later' })}\n`);

    const summary = await importFiles(store, options([dir]));
    expect(summary.problems).toEqual([
      {
        where: `${log}:2`,
        reason: expect.stringMatching(/^job far not imported: its submitted time is beyond/),
      },
    ]);
    expect(summary.warnings).toEqual([
      {
        where: `${log}:3`,
        reason: expect.stringMatching(/^rowsScanned 99999999999999999999999 is beyond a 64-bit/),
      },
      { where: `${log}:4`, reason: expect.stringMatching(/^sql, userName hold NUL characters/) },
      {
        where: `${log}:7`,
        reason: 'the record nests more than 256 levels deep; stored without its raw copy',
      },
    ]);
    expect(summary.jobs.inserted).toBe(7);
    const cluster = (await findCluster(store.db, 'offline'))!;
    expect(await getJob(store.db, cluster.id, 'far')).toBeUndefined();
    expect((await getJob(store.db, cluster.id, 'huge'))?.rows_scanned).toBeNull();
    expect((await getJob(store.db, cluster.id, 'nul'))?.sql_text).toBe('SELECT 1 /* \ufffd */');
    expect(await getJob(store.db, cluster.id, 'later')).toBeDefined();
    expect((await getJob(store.db, cluster.id, 'deep'))?.raw).toBeNull();
    expect((await runRow(store, summary.runId!)).status).toBe('partial');

    const dry = await importFiles(await fresh(), options([dir], { dryRun: true }));
    expect(dry.problems).toEqual(summary.problems);
    expect(dry.warnings).toEqual(summary.warnings);
  });

  it('a profile with NUL in its query text is stored with U+FFFD and a warning', async () => {
    const store = await fresh();
    const dir = workdir();
    const text = readFileSync(realFixture('dqd/profile1.json'), 'utf8');
    const path = join(dir, 'nul-profile.json');
    writeFileSync(path, text.replace('"query":"SELECT ', '"query":"SELECT \\u0000'));
    const summary = await importFiles(store, options([path]));
    expect(summary.problems).toEqual([]);
    expect(summary.warnings).toEqual([
      { where: path, reason: expect.stringMatching(/^sql holds NUL characters.*U\+FFFD/) },
      { where: path, reason: expect.stringMatching(/^the profile holds NUL characters.*U\+FFFD/) },
    ]);
    expect(summary.profiles.inserted).toBe(1);
    const cluster = (await findCluster(store.db, 'offline'))!;
    expect((await getJob(store.db, cluster.id, PROFILE1_JOB))?.sql_text).toMatch(/^SELECT \ufffd/);
    expect((await runRow(store, summary.runId!)).status).toBe('succeeded');
  });
});

describe('import command with a bad value', () => {
  it('exits 3, names file and field, imports the rest; --dry-run reports the same', async () => {
    const cwd = workdir();
    const env = { DATA_DIR: join(cwd, 'data') };
    const bad = profile1With(cwd, '1e20');
    const dry = await runCli(['import', '--dry-run', bad, PROFILE2], { env, cwd });
    expect(dry.exitCode).toBe(3);
    expect(dry.stdout).toContain(`${bad}: field start: 100000000000000000000 is outside`);
    const real = await runCli(['import', bad, PROFILE2], { env, cwd });
    expect(real.exitCode).toBe(3);
    expect(real.stdout).toContain(`${bad}: field start: 100000000000000000000 is outside`);
    expect(real.stdout).toContain('2 files, 2 documents in them (2 profiles)');
    expect(real.stdout).toMatch(/profiles: 1 new/);
  });
});
