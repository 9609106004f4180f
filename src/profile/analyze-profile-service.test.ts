import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeProfileFiles } from './analyze-profile-service.js';

const REAL = new URL('../../test/fixtures/real/dqd/', import.meta.url);
const realPath = (name: string) => new URL(name, REAL).pathname;
const dir = mkdtempSync(join(tmpdir(), 'profile-service-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('analyzeProfileFiles', () => {
  it('summarises good files and records bad ones without stopping', async () => {
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"id": ');
    const result = await analyzeProfileFiles([
      realPath('profile1.json'),
      broken,
      join(dir, 'missing.json'),
      realPath('testprofile.zip'),
    ]);
    expect(result.profiles.map((p) => [p.jobId, p.attempt, p.findings])).toEqual([
      ['1cb80d46-af06-c937-6391-32ad4fae4f00', 0, []],
      ['1c8b17a9-bd20-faef-4866-9b8c0c873c00', 0, []],
    ]);
    expect(result.profiles[1]?.file).toBe(`${realPath('testprofile.zip')}!profile_attempt_0.json`);
    expect(result.errors.map((e) => [e.file, e.code])).toEqual([
      [broken, 'INPUT_PROFILE_MALFORMED'],
      [join(dir, 'missing.json'), 'INPUT_PROFILE_NOT_FOUND'],
    ]);
  });

  it('reads the profile files inside a directory', async () => {
    const sub = mkdtempSync(join(dir, 'batch-'));
    writeFileSync(join(sub, 'a.json'), '{"id":{"part1":1,"part2":512},"state":2,"user":"u"}');
    writeFileSync(join(sub, 'notes.txt'), 'not a profile');
    const result = await analyzeProfileFiles([sub]);
    expect(result.errors).toEqual([]);
    expect(result.profiles.map((p) => [p.jobId, p.summary.user])).toEqual([
      ['00000000-0000-0001-0000-000000000200', 'u'],
    ]);
  });
});
