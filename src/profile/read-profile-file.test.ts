import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync, strToU8, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { ustar } from '../../test/support/ustar.js';
import { readProfileFile } from './read-profile-file.js';
import { summarizeProfile } from './summarize.js';

const REAL = new URL('../../test/fixtures/real/dqd/', import.meta.url);
const realPath = (name: string) => new URL(name, REAL).pathname;
const dir = mkdtempSync(join(tmpdir(), 'profile-reader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, data: Uint8Array | string): string {
  const path = join(dir, name);
  writeFileSync(path, data);
  return path;
}

describe('readProfileFile', () => {
  it('reads a raw profile JSON', async () => {
    const result = await readProfileFile(realPath('profile1.json'));
    expect(result.errors).toEqual([]);
    expect(result.profiles).toHaveLength(1);
    expect(result.profiles[0]?.attempt).toBe(0);
    expect(summarizeProfile(result.profiles[0]?.raw).jobId).toBe('1cb80d46-af06-c937-6391-32ad4fae4f00');
  });

  it('reads a .json.gz', async () => {
    const path = write('profile2.json.gz', gzipSync(readFileSync(realPath('profile2.json'))));
    const result = await readProfileFile(path);
    expect(result.errors).toEqual([]);
    expect(result.profiles.map((p) => p.source)).toEqual([path]);
    expect(summarizeProfile(result.profiles[0]?.raw).jobId).toBe('1cb80ab7-99a3-e7c0-5941-832bfc77f900');
  });

  it('reads the real support ZIP with its header', async () => {
    const path = realPath('testprofile.zip');
    const result = await readProfileFile(path);
    expect(result.errors).toEqual([]);
    expect(result.profiles.map((p) => [p.source, p.attempt])).toEqual([
      [`${path}!profile_attempt_0.json`, 0],
    ]);
    const header = result.profiles[0]?.header as {
      submission: { submissionId: string };
      job: { info: { jobId: { id: string } } };
    };
    expect(header.submission.submissionId).toBe('5aae322c-d2f8-4171-b57b-e38beb09e9b3');
    const summary = summarizeProfile(result.profiles[0]?.raw);
    expect(summary.jobId).toBe(header.job.info.jobId.id);
    expect(summary.jobId).toBe('1c8b17a9-bd20-faef-4866-9b8c0c873c00');
    expect(summary).toMatchObject({ user: 'rssvihla', dremioVersion: '21.6.2-202210141639540835-ecf959e4' });
    expect(summary.queryText).toBe('SELECT * FROM maxbyname');
    expect(summary.planPhases).toHaveLength(28);
    expect(summary.datasets.map((d) => `${d.kind} ${d.path}`)).toEqual([
      'physical Samples."samples.dremio.com"."SF weather 2018-2019.csv"',
      'virtual testvds.maxbyname',
    ]);
    expect(summary.datasets[1]?.sql).toMatch(/^SELECT "name", MAX\("TAVG"\)/);
  });

  it('reads every attempt of a .tgz bundle built in the test', async () => {
    const profile = readFileSync(realPath('profile1.json'));
    const tar = ustar({
      'bundle/header.json': strToU8('{"dremioVersion":"21.6.0"}'),
      'bundle/profile_attempt_1.json': profile,
      'bundle/profile_attempt_0.json': readFileSync(realPath('profile2.json')),
      'bundle/notes.json': strToU8('{"not":"a profile"}'),
    });
    const path = write('bundle.tgz', gzipSync(tar));
    const result = await readProfileFile(path);
    expect(result.errors).toEqual([]);
    expect(result.profiles.map((p) => [p.source, p.attempt])).toEqual([
      [`${path}!bundle/profile_attempt_0.json`, 0],
      [`${path}!bundle/profile_attempt_1.json`, 1],
    ]);
    expect(result.profiles[1]?.header).toEqual({ dremioVersion: '21.6.0' });
    expect(summarizeProfile(result.profiles[1]?.raw).user).toBe('rssvihla');
  });

  it('reports malformed JSON with its position', async () => {
    const path = write('broken.json', '{\n  "id": {"part1": 1,\n  "plan": }');
    const result = await readProfileFile(path);
    expect(result.profiles).toEqual([]);
    expect(result.errors[0]?.code).toBe('INPUT_PROFILE_MALFORMED');
    expect(result.errors[0]?.file).toBe(path);
    expect(result.errors[0]?.message).toContain('line 3, column 11');
  });

  it('reports a truncated ZIP clearly', async () => {
    const bytes = readFileSync(realPath('testprofile.zip'));
    const path = write('truncated.zip', bytes.subarray(0, Math.floor(bytes.length / 2)));
    const result = await readProfileFile(path);
    expect(result.errors.map((e) => e.code)).toEqual(['INPUT_PROFILE_MALFORMED']);
    expect(result.errors[0]?.message).toMatch(
      /truncated\.zip: refused ZIP input because it is not a readable ZIP/,
    );
  });

  it('refuses a ZIP bomb', async () => {
    const path = write('bomb.zip', zipSync({ 'profile_attempt_0.json': new Uint8Array(40 * 1024 * 1024) }));
    const result = await readProfileFile(path);
    expect(result.errors.map((e) => e.code)).toEqual(['INPUT_PROFILE_ARCHIVE_BOMB']);
    expect(result.errors[0]?.message).toMatch(
      /bomb\.zip: refused ZIP input because .*ratio \d+:1 exceeds 200:1/,
    );
  });

  it('refuses a ZIP whose declared size is over the total limit', async () => {
    const zip = zipSync({
      'profile_attempt_0.json': strToU8(readFileSync(realPath('profile1.json'), 'utf8')),
    });
    const path = write('big.zip', zip);
    const result = await readProfileFile(path, { maxUncompressedBytes: 10_000 });
    expect(result.errors[0]?.code).toBe('INPUT_PROFILE_ARCHIVE_BOMB');
    expect(result.errors[0]?.message).toContain('more than 9.8 KiB');
  });

  it('refuses a gzip bomb without inflating it all', async () => {
    const path = write('bomb.json.gz', gzipSync(new Uint8Array(64 * 1024 * 1024)));
    const result = await readProfileFile(path);
    expect(result.errors.map((e) => e.code)).toEqual(['INPUT_PROFILE_ARCHIVE_BOMB']);
  });

  it('refuses a file over the size limit, naming file and limit', async () => {
    const path = realPath('profile1.json');
    const result = await readProfileFile(path, { maxFileBytes: 1024 });
    expect(result.errors[0]?.code).toBe('INPUT_PROFILE_TOO_LARGE');
    expect(result.errors[0]?.message).toBe(
      `${path} is 57.5 KiB, over the 1.0 KiB limit for one profile file.`,
    );
  });

  const others = [
    {
      name: 'JSON that is not a profile',
      file: 'jobs.json',
      data: '{"jobs": []}',
      code: 'INPUT_PROFILE_NOT_A_PROFILE',
    },
    { name: 'an empty ZIP', file: 'empty.zip', data: zipSync({}), code: 'INPUT_PROFILE_EMPTY_ARCHIVE' },
    { name: 'an empty file', file: 'empty.json', data: '', code: 'INPUT_PROFILE_MALFORMED' },
  ] as const;
  for (const c of others) {
    it(`reports ${c.name}`, async () => {
      const result = await readProfileFile(write(c.file, c.data));
      expect(result.errors.map((e) => e.code)).toEqual([c.code]);
    });
  }

  it('reports a missing file', async () => {
    const result = await readProfileFile(join(dir, 'nope.json'));
    expect(result.errors.map((e) => e.code)).toEqual(['INPUT_PROFILE_NOT_FOUND']);
  });
});
