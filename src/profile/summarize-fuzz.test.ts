import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLosslessJson } from '../json/lossless-json.js';
import { summarizeProfile } from './summarize.js';

const PROFILE1 = new URL('../../test/fixtures/real/dqd/profile1.json', import.meta.url);
const BASE_TEXT = readFileSync(PROFILE1, 'utf8');

type Mutation = { pathSeed: number; kind: 'delete' | 'replace' | 'truncate'; value: unknown };

/** Applies a mutation to the node chosen by walking the tree with `pathSeed`. */
function mutate(root: unknown, mutation: Mutation): void {
  let node = root;
  let seed = mutation.pathSeed;
  for (let depth = 0; depth < 12; depth++) {
    if (typeof node !== 'object' || node === null) return;
    const keys = Object.keys(node);
    if (keys.length === 0) return;
    const key = keys[seed % keys.length] ?? '';
    seed = Math.floor(seed / keys.length) + depth;
    const container = node as Record<string, unknown>;
    const child = container[key];
    const stop = typeof child !== 'object' || child === null || seed % 3 === 0;
    if (stop) {
      if (mutation.kind === 'delete') delete container[key];
      else if (mutation.kind === 'truncate' && Array.isArray(child))
        child.length = Math.floor(child.length / 2);
      else container[key] = mutation.value;
      return;
    }
    node = child;
  }
}

const mutationArb = fc.record({
  pathSeed: fc.nat(),
  kind: fc.constantFrom('delete', 'replace', 'truncate'),
  value: fc.oneof(fc.anything(), fc.bigInt(), fc.constant(Number.NaN), fc.constant(-1)),
}) as fc.Arbitrary<Mutation>;

describe('summarizeProfile never throws', () => {
  it('on randomly mutated and truncated real profiles', () => {
    fc.assert(
      fc.property(fc.array(mutationArb, { minLength: 1, maxLength: 25 }), (mutations) => {
        const raw = parseLosslessJson(BASE_TEXT);
        for (const m of mutations) mutate(raw, m);
        const summary = summarizeProfile(raw);
        expect(typeof summary.jobId).toBe('string');
        expect(Number.isFinite(summary.durationMs)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('on arbitrary values', () => {
    fc.assert(
      fc.property(fc.anything({ withBigInt: true, withNullPrototype: true }), (value) => {
        expect(summarizeProfile(value).jobId).toMatch(/^[0-9a-f]{8}-/);
      }),
      { numRuns: 300 },
    );
  });

  it('on JSON truncated at a random point and re-closed', () => {
    fc.assert(
      fc.property(fc.nat({ max: BASE_TEXT.length }), (cut) => {
        let raw: unknown;
        try {
          raw = parseLosslessJson(`${BASE_TEXT.slice(0, cut)}`);
        } catch {
          raw = { fragmentProfile: [{ minorFragmentProfile: [{ operatorProfile: [{ metric: [{}] }] }] }] };
        }
        expect(() => summarizeProfile(raw)).not.toThrow();
      }),
      { numRuns: 50 },
    );
  });
});
