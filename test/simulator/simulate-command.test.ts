import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { GroundTruth } from '../../src/simulator/index.js';

const TSX = import.meta.resolve('tsx');
const CLI_ENTRY = join(process.cwd(), 'test/support/cli-entry.ts');

let child: ChildProcessWithoutNullStreams | undefined;
let dir: string | undefined;
afterEach(() => {
  child?.kill('SIGTERM');
  child = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** Starts `simulate` as a real process and resolves with what it printed once it listens. */
function startSimulate(args: readonly string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const started = spawn(process.execPath, ['--import', TSX, CLI_ENTRY, 'simulate', ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: cwd },
    });
    child = started;
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (/Ctrl-C/.test(output)) resolve(output);
    };
    started.stdout.on('data', collect);
    started.stderr.on('data', collect);
    started.on('close', (code) => reject(new Error(`simulate exited (${code}) before listening: ${output}`)));
  });
}

describe('simulate', () => {
  it('says how to let days pass, and rewrites the --truth file after an advance', async () => {
    dir = mkdtempSync(join(tmpdir(), 'do-simulate-'));
    const output = await startSimulate(['--port', '0', '--jobs', '280', '--truth', 'truth.json'], dir);
    const url = /listening on (http:\/\/\S+)/.exec(output)?.[1] ?? '';
    expect(output).toContain(`curl -X POST ${url}/__simulator/advance -d '{"days":7}'`);
    const before = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as GroundTruth;
    expect(before.jobs).toHaveLength(280);

    const answer = await fetch(`${url}/__simulator/advance`, { method: 'POST', body: '{"days":7}' });
    expect(answer.status).toBe(200);
    const { jobs } = (await answer.json()) as { jobs: number };
    expect(jobs).toBe(140);
    const after = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as GroundTruth;
    expect(after.jobs).toHaveLength(280 + 140);
    expect(after.changes).toEqual([]);
  }, 60_000);
});
