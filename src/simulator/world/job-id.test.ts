import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { entityUuid, indexFromJobId, jobIdFor, profileIdParts } from './job-id.js';

describe('job ids', () => {
  it('round-trips the index for any seed and index', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.integer({ min: 0, max: 50_000_000 }),
        (seed, index) => {
          expect(indexFromJobId(seed, jobIdFor(seed, index))).toBe(index);
        },
      ),
    );
  });

  it('rejects ids from another seed, tampered ids and non-ids', () => {
    const id = jobIdFor(1, 42);
    const cases = [
      { name: 'other seed', id: jobIdFor(2, 42), seed: 1 },
      { name: 'tampered first group', id: `0${id.slice(1)}`, seed: 1 },
      { name: 'not an attempt-0 id', id: `${id.slice(0, -2)}01`, seed: 1 },
      { name: 'upper case', id: id.toUpperCase(), seed: 1 },
      { name: 'garbage', id: 'job-42', seed: 1 },
    ];
    for (const c of cases) expect(indexFromJobId(c.seed, c.id), c.name).toBeUndefined();
  });

  it('splits the id into signed 64-bit halves, most significant first', () => {
    expect(profileIdParts('1c8b17a9-bd20-faef-4866-9b8c0c873c00')).toEqual({
      part1: BigInt.asIntN(64, 0x1c8b17a9bd20faefn),
      part2: BigInt.asIntN(64, 0x48669b8c0c873c00n),
    });
    expect(profileIdParts('ffffffff-ffff-ffff-8000-000000000000')).toEqual({
      part1: -1n,
      part2: -(2n ** 63n),
    });
  });

  it('gives stable, distinct, well-formed entity UUIDs', () => {
    const a = entityUuid(1, 'dataset:lakehouse.sales.orders');
    expect(a).toBe(entityUuid(1, 'dataset:lakehouse.sales.orders'));
    expect(a).not.toBe(entityUuid(2, 'dataset:lakehouse.sales.orders'));
    expect(a).not.toBe(entityUuid(1, 'dataset:lakehouse.sales.order_items'));
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
