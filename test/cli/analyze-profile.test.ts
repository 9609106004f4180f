import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { realFixture } from '../support/fixtures.js';
import { runCli } from '../support/run-cli.js';

const root = mkdtempSync(join(tmpdir(), 'analyze-profile-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const env = { DATA_DIR: join(root, 'data') };

function tree(name: string): string {
  const dir = join(root, name);
  mkdirSync(join(dir, 'team-a', 'monday'), { recursive: true });
  mkdirSync(join(dir, 'team-b'), { recursive: true });
  copyFileSync(realFixture('dqd/profile1.json'), join(dir, 'team-a', 'monday', 'p1.json'));
  copyFileSync(realFixture('dqd/profile2.json'), join(dir, 'team-b', 'p2.json'));
  writeFileSync(join(dir, 'team-b', 'README.txt'), 'not a profile');
  return dir;
}

describe('analyze-profile DIR', () => {
  it('reads profiles at any depth, once each, and a link loop ends', async () => {
    const dir = tree('nested');
    // A loop back to the top and a second name for a file already read.
    symlinkSync(dir, join(dir, 'team-a', 'monday', 'loop'));
    symlinkSync(join(dir, 'team-b', 'p2.json'), join(dir, 'team-a', 'same-as-p2.json'));
    const run = await runCli(['analyze-profile', dir, '--format', 'json'], { env, cwd: root });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    const out = JSON.parse(run.stdout) as { profiles: { file: string }[] };
    expect(out.profiles.map((p) => p.file.slice(dir.length + 1))).toEqual([
      'team-a/monday/p1.json',
      'team-a/same-as-p2.json',
    ]);
  });

  it.each([
    { name: 'an empty directory', make: (dir: string) => mkdirSync(dir) },
    {
      name: 'a directory with no profile at any depth',
      make: (dir: string) => {
        mkdirSync(join(dir, 'sub'), { recursive: true });
        writeFileSync(join(dir, 'sub', 'notes.txt'), 'hello');
      },
    },
  ])('exits 3 and says so for $name, like a missing file', async ({ name, make }) => {
    const dir = join(root, name.replaceAll(' ', '-'));
    make(dir);
    const run = await runCli(['analyze-profile', dir], { env, cwd: root });
    expect(run.exitCode).toBe(3);
    expect(run.stderr).toContain(`${dir}: ${dir} holds no profile files (at any depth).`);
    const missing = await runCli(['analyze-profile', join(root, 'nope.json')], { env, cwd: root });
    expect(missing.exitCode).toBe(3);
  });

  it('still reads the good directory when another argument is empty', async () => {
    const good = tree('good');
    const empty = join(root, 'empty-too');
    mkdirSync(empty);
    const run = await runCli(['analyze-profile', empty, good, '--format', 'json'], { env, cwd: root });
    expect(run.exitCode).toBe(3);
    expect((JSON.parse(run.stdout) as { profiles: unknown[] }).profiles).toHaveLength(2);
  });
});
