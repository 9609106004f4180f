import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const TIME = '/usr/bin/time';

/** Whether GNU time is here to measure a child's peak RSS (CI installs it). */
export const canMeasurePeakRss = existsSync(TIME);

/** Runs the CLI from source as a child process (heap governor on, as the bin) and reads its peak RSS. */
export function runCliWithPeakRss(
  args: readonly string[],
  env: Record<string, string | undefined> = process.env,
): { status: number | null; stdout: string; stderr: string; peakBytes: number } {
  const run = spawnSync(
    TIME,
    ['-f', 'peak-rss-kb=%M', process.execPath, '--import', 'tsx', 'test/support/bin-entry.ts', ...args],
    { cwd: process.cwd(), env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  const peak = /peak-rss-kb=(\d+)/.exec(run.stderr);
  if (peak === null) throw new Error(`no peak RSS from ${TIME}:\n${run.stderr}`);
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, peakBytes: Number(peak[1]) * 1024 };
}
