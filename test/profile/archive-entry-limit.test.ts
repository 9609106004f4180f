import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { strToU8, zipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_ARCHIVE_LIMITS } from '../../src/profile/archive-limits.js';
import { zipMembers } from '../../src/profile/zip-entries.js';
import { readDocuments } from '../../src/sources/offline/input-documents.js';

const MIB = 1024 * 1024;
const limits = { ...DEFAULT_ARCHIVE_LIMITS, maxFileBytes: MIB };
const LIMIT_MESSAGE =
  /it is larger than 1\.0 MiB, the limit for one file or archive entry \(PROFILES_MAX_FILE_BYTES/;

const dirs: string[] = [];
afterEach(() => {
  while (dirs.length > 0) rmSync(dirs.pop()!, { recursive: true, force: true });
});

/** Text that deflates about 5:1, so the archive stays under the compression-ratio limit. */
function text(bytes: number): Uint8Array {
  let seed = 7;
  let out = '';
  while (out.length < bytes) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    out += `${seed.toString(36)} row of a log that repeats a little\n`;
  }
  return strToU8(out.slice(0, bytes));
}

/** Rewrites every declared uncompressed size (local headers and central directory) to `size`. */
function lieAboutSizes(zip: Uint8Array, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  for (let at = 0; at + 4 <= out.length; at++) {
    const sig = view.getUint32(at, true);
    if (sig === 0x04034b50) view.setUint32(at + 22, size, true);
    if (sig === 0x02014b50) view.setUint32(at + 24, size, true);
  }
  return out;
}

describe('one archive entry over the per-file limit', () => {
  it('stops inflating a ZIP member at the limit even when the directory understates it, and reads the next', () => {
    const zip = lieAboutSizes(zipSync({ 'big.json': text(3 * MIB), 'small.json': text(1000) }), 100);
    const outcomes = [...zipMembers({ data: zip, limits, wanted: () => true })];
    expect(outcomes.map((o) => [o.name, o.ok])).toEqual([
      ['big.json', false],
      ['small.json', true],
    ]);
    expect(outcomes[0]!.ok === false && outcomes[0]!.reason).toMatch(LIMIT_MESSAGE);
  });

  it('refuses a gzip whose content is over the limit, naming the file and the setting', () => {
    const dir = mkdtempSync(join(tmpdir(), 'do-entry-limit-'));
    dirs.push(dir);
    const file = join(dir, 'queries.json.gz');
    writeFileSync(file, gzipSync(text(3 * MIB)));
    const outcomes = [...readDocuments(file, limits)];
    expect(outcomes).toEqual([{ ok: false, ref: file, reason: expect.stringMatching(LIMIT_MESSAGE) }]);
  });
});
