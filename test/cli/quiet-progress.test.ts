import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { realFixture } from '../support/fixtures.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Runs the CLI in process with a stderr that says it is a terminal, and returns what it got. */
async function runOnTerminal(args: readonly string[]): Promise<{ exitCode: number; stderr: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'quiet-progress-'));
  dirs.push(dir);
  const stderr = Object.assign(new PassThrough(), { isTTY: true, columns: 100 });
  const err: string[] = [];
  stderr.on('data', (c: Buffer) => err.push(c.toString()));
  const exitCode = await main(args, {
    stdout: new PassThrough(),
    stderr,
    env: { DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'warn' },
    cwd: dir,
  });
  return { exitCode, stderr: err.join('') };
}

describe('--quiet', () => {
  it('is what keeps the progress bar off a terminal', async () => {
    const shown = await runOnTerminal(['import', realFixture('dqd'), '--cluster', 'real']);
    expect(shown.exitCode, shown.stderr).toBe(0);
    // The store's line comes first, before the store is open; then import's bar, finished.
    expect(shown.stderr).toMatch(/^\rstore\s+⠋/);
    expect(shown.stderr).toMatch(/\rimport\s+█+\s+\d+\/\d+\s+100%.*\n/);

    for (const args of [
      ['--quiet', 'import', realFixture('dqd'), '--cluster', 'real'],
      ['import', realFixture('dqd'), '--cluster', 'real', '-q'],
    ]) {
      const quiet = await runOnTerminal(args);
      expect(quiet.exitCode, quiet.stderr).toBe(0);
      expect(quiet.stderr, args.join(' ')).not.toMatch(/\r|import\s+[█░]/);
    }
  });
});
