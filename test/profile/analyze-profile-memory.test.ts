import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Zip, ZipDeflate } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { realFixture } from '../support/fixtures.js';
import { canMeasurePeakRss, runCliWithPeakRss } from '../support/peak-rss.js';

/**
 * `analyze-profile` keeps one attempt of a bundle parsed at a time, so its peak memory follows the
 * largest attempt, not the number of attempts: the README states the bound this test holds the CLI to,
 * as a child process's peak RSS.
 */
const MIB = 1024 * 1024;
const ATTEMPT_BYTES = 40 * MIB;
const ATTEMPTS = 6;
// The README's bound: a base for Node and the code, plus eight times the largest attempt (its parsed tree).
const BOUND_BYTES = 400 * MIB + 8 * ATTEMPT_BYTES;

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});

/** A real profile grown to about `bytes` by repeating one minor fragment (many small objects to parse). */
function grownProfile(bytes: number): Uint8Array {
  const profile = JSON.parse(readFileSync(realFixture('dqd/profile1.json'), 'utf8'));
  const major = profile.fragmentProfile[0];
  const minor = major.minorFragmentProfile[0];
  const count = Math.ceil(bytes / JSON.stringify(minor).length);
  major.minorFragmentProfile = Array.from({ length: count }, (_, i) => ({ ...minor, minorFragmentId: i }));
  return new TextEncoder().encode(JSON.stringify(profile));
}

function writeBundle(path: string): void {
  const attempt = grownProfile(ATTEMPT_BYTES);
  const fd = openSync(path, 'w');
  try {
    const zip = new Zip((error, data) => {
      if (error !== null) throw error;
      writeSync(fd, data);
    });
    for (let n = 0; n < ATTEMPTS; n++) {
      const entry = new ZipDeflate(`profile_attempt_${n}.json`, { level: 1 });
      zip.add(entry);
      entry.push(attempt, true);
    }
    zip.end();
  } finally {
    closeSync(fd);
  }
}

describe.skipIf(!canMeasurePeakRss)('analyze-profile memory', () => {
  it('reads a bundle of large attempts one at a time, under the documented bound', () => {
    const dir = mkdtempSync(join(tmpdir(), 'do-profile-memory-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const bundle = join(dir, 'bundle.zip');
    writeBundle(bundle);
    const run = runCliWithPeakRss(['analyze-profile', '--format', 'json', bundle]);
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as { profiles: { attempt: number }[] };
    expect(out.profiles.map((p) => p.attempt)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(run.peakBytes, `peak RSS ${Math.round(run.peakBytes / MIB)} MiB`).toBeLessThan(BOUND_BYTES);
  });
});
