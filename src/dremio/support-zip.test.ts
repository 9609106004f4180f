import { readFileSync } from 'node:fs';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readProfileFromZip } from './support-zip.js';

const realZip = new URL('../../test/fixtures/real/dqd/testprofile.zip', import.meta.url);

describe('readProfileFromZip', () => {
  it('reads profile_attempt_0.json from a real support ZIP (Dremio 21.6.2)', () => {
    const result = readProfileFromZip(readFileSync(realZip), 0);
    expect(result.kind).toBe('found');
    if (result.kind !== 'found') return;
    const profile = JSON.parse(result.text) as { query?: string; id?: unknown };
    expect(profile.id).toBeDefined();
    expect(result.bytes).toBe(Buffer.byteLength(result.text));
  });

  it('reports the entries when the attempt is missing', () => {
    const result = readProfileFromZip(readFileSync(realZip), 3);
    expect(result).toMatchObject({ kind: 'missing' });
    if (result.kind === 'missing') expect(result.entries).toContain('header.json');
  });

  it('picks the right attempt among several', () => {
    const encoder = new TextEncoder();
    const zip = zipSync({
      'header.json': encoder.encode('{}'),
      'profile_attempt_0.json': encoder.encode('{"attempt":0}'),
      'profile_attempt_1.json': encoder.encode('{"attempt":1}'),
    });
    expect(readProfileFromZip(zip, 1)).toMatchObject({ kind: 'found', text: '{"attempt":1}' });
  });

  it('calls a cut-short archive corrupt instead of throwing', () => {
    const bytes = readFileSync(realZip);
    expect(readProfileFromZip(bytes.subarray(0, bytes.length - 40), 0).kind).toBe('corrupt');
  });
});
