import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Zip, ZipDeflate } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_ARCHIVE_LIMITS } from '../../src/profile/archive-limits.js';
import { canMeasurePeakRss, runCliWithPeakRss } from '../support/peak-rss.js';

/**
 * Peak memory of `import` is bounded by the per-file limit, never by the input's size: the README's
 * "Limits" section states the bound this test holds the CLI to, as a child process's peak RSS.
 */
const MIB = 1024 * 1024;
const LIMIT_BYTES = DEFAULT_ARCHIVE_LIMITS.maxFileBytes;
// The README's bound: a base for Node, the embedded store and the code, plus three times the limit.
const BOUND_BYTES = 400 * MIB + 3 * LIMIT_BYTES;

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});

function workdir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'do-import-memory-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * queries.json lines, deterministic and only moderately compressible, `bytes` in total. Each carries a
 * 2 KB field the import keeps only as raw JSON, so a few hundred MB is not millions of lines.
 */
function* logChunks(bytes: number, prefix: string): Generator<Uint8Array> {
  let seed = 42;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  const encoder = new TextEncoder();
  let written = 0;
  for (let i = 0; written < bytes; ) {
    const lines: string[] = [];
    for (let n = 0; n < 500; n++, i++) {
      const words = Array.from({ length: 30 }, () => Math.floor(rnd() * 1e6).toString(36));
      const noise = Array.from({ length: 100 }, () => Math.floor(rnd() * 1e9).toString(36)).join('');
      lines.push(
        JSON.stringify({
          queryId: `${prefix}-${i}`,
          start: 1_700_000_000_000 + i,
          finish: 1_700_000_000_500 + i,
          outcome: 'COMPLETED',
          username: `user${i % 50}`,
          queryText: `SELECT ${words.join(', ')} FROM t${i % 20}`,
          comment: `${noise}${'a fixed explanation that repeats on every line. '.repeat(25)}`,
        }),
      );
    }
    const chunk = encoder.encode(`${lines.join('\n')}\n`);
    written += chunk.length;
    yield chunk;
  }
}

function writeLog(path: string, bytes: number): void {
  const fd = openSync(path, 'w');
  try {
    for (const chunk of logChunks(bytes, 'plain')) writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
}

/** A ZIP streamed to disk, never whole in memory: each entry is `[name, uncompressed bytes]`. */
function writeZip(path: string, entries: readonly (readonly [string, number])[]): void {
  const fd = openSync(path, 'w');
  try {
    const zip = new Zip((error, data) => {
      if (error !== null) throw error;
      writeSync(fd, data);
    });
    for (const [name, bytes] of entries) {
      const entry = new ZipDeflate(name, { level: 1 });
      zip.add(entry);
      for (const chunk of logChunks(bytes, name)) entry.push(chunk);
      entry.push(new Uint8Array(0), true);
    }
    zip.end();
  } finally {
    closeSync(fd);
  }
}

function importPeak(args: readonly string[], cwd: string) {
  return runCliWithPeakRss(['import', ...args], { ...process.env, DATA_DIR: join(cwd, 'data') });
}

describe.skipIf(!canMeasurePeakRss)('import memory', () => {
  it('refuses archive entries over the limit by name and stays under the documented bound', () => {
    const dir = workdir();
    const zip = join(dir, 'bundle.zip');
    const over = LIMIT_BYTES + 40 * MIB;
    writeZip(zip, [
      ['big-1/queries.json', over],
      ['big-2/queries.json', over],
      ['small/queries.json', 8 * MIB],
    ]);
    const run = importPeak(['--dry-run', zip], dir);
    expect(run.status).toBe(3);
    for (const name of ['big-1/queries.json', 'big-2/queries.json'])
      expect(run.stdout).toContain(
        `${zip}!${name}: refused: it is larger than 256.0 MiB, the limit for one file`,
      );
    expect(run.stdout).toContain('PROFILES_MAX_FILE_BYTES');
    expect(run.stdout).toMatch(/jobs: +\d{4,} new/);
    expect(run.peakBytes, `peak RSS ${Math.round(run.peakBytes / MIB)} MiB`).toBeLessThan(BOUND_BYTES);
  });

  it('imports a queries.json just under the limit within the documented bound', () => {
    const dir = workdir();
    const log = join(dir, 'queries.json');
    writeLog(log, LIMIT_BYTES - 8 * MIB);
    const run = importPeak(['--dry-run', log], dir);
    expect(run.stdout).toMatch(/jobs: +\d{6,} new/);
    expect(run.status).toBe(0);
    expect(run.peakBytes, `peak RSS ${Math.round(run.peakBytes / MIB)} MiB`).toBeLessThan(BOUND_BYTES);
  });
});
