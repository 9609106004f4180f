import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import {
  ALLOWED_EXIT_CODES,
  fuzzRuns,
  fuzzSeed,
  LONG_RUN_TIMEOUT_MS,
  spawnCli,
  tempDir,
} from './fuzz-support.js';
import { applyAll, mutationsArb } from './mutate.js';
import { jsonProblem, textProblem } from './output-checks.js';
import { profileSeeds } from './seeds.js';

const SEEDS = profileSeeds();
const work = tempDir('fuzz-profile-');
afterAll(() => work.dispose());
const env = { DATA_DIR: join(work.path, 'data') };
let written = 0;

/** One mutated real profile, written where the batch run at the end reads every one of them again. */
function writeCase(seed: number, text: string): string {
  const file = join(work.path, 'cases', `case-${String(written++).padStart(5, '0')}-seed${seed}.json`);
  writeFileSync(file, text);
  return file;
}

function check(run: { exitCode: number; stdout: string; stderr: string }, format: 'table' | 'json') {
  expect(ALLOWED_EXIT_CODES, run.stderr).toContain(run.exitCode);
  expect(textProblem(run.stderr)).toBeUndefined();
  expect(format === 'json' ? jsonProblem(run.stdout) : textProblem(run.stdout)).toBeUndefined();
}

describe('analyze-profile over mutated real profiles', () => {
  it('has real profiles to mutate', () => {
    expect(SEEDS.length).toBeGreaterThanOrEqual(3);
  });

  it(
    'exits 0, 1 or 3 and prints no NaN, Infinity, negative or absurd duration, in table and JSON',
    async () => {
      mkdirSync(join(work.path, 'cases'), { recursive: true });
      await fc.assert(
        fc.asyncProperty(fc.nat({ max: SEEDS.length - 1 }), mutationsArb(12), async (seed, mutations) => {
          const file = writeCase(seed, applyAll(SEEDS[seed]!, mutations));
          check(await runCli(['analyze-profile', file], { env, cwd: work.path }), 'table');
          check(await runCli(['analyze-profile', file, '--format', 'json'], { env, cwd: work.path }), 'json');
        }),
        { numRuns: fuzzRuns(120), seed: fuzzSeed() },
      );
    },
    LONG_RUN_TIMEOUT_MS,
  );

  it(
    'the real binary reads the whole batch in one process with the same guarantees',
    async () => {
      const dir = join(work.path, 'cases');
      for (const format of ['table', 'json'] as const) {
        const run = await spawnCli(['analyze-profile', dir, '--format', format], env);
        check(run, format);
      }
    },
    LONG_RUN_TIMEOUT_MS,
  );
});
