/**
 * Mulberry32: a 32-bit-state generator, fast and good enough for resampling, that turns a seed into
 * the same stream on every platform. Statistics here never use Math.random, so a result can be
 * reproduced from its seed.
 *
 * @returns a function giving uniform numbers in [0, 1) with 32-bit resolution.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
