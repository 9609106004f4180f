import { describe, expect, it } from 'vitest';
import { bootstrapRatio } from './bootstrap-ratio.js';
import { quantile } from './percentile.js';
import { mulberry32 } from './seeded-random.js';

// scipy.stats.bootstrap draws from NumPy's generator, so its intervals cannot be compared with a
// seeded TS bootstrap; these tests check the definition, determinism and coverage instead.

function logNormalSample(random: () => number, n: number, medianMs: number): number[] {
  return Array.from({ length: n }, () => {
    const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    return medianMs * Math.exp(0.5 * normal);
  });
}

describe('mulberry32', () => {
  it('repeats a stream for a seed and spreads it evenly over [0, 1)', () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    const c = mulberry32(8);
    const first = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(first);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(first);
    const buckets = new Array<number>(10).fill(0);
    const random = mulberry32(123);
    let outside = 0;
    for (let i = 0; i < 100_000; i++) {
      const u = random();
      if (u < 0 || u >= 1) outside++;
      else buckets[Math.floor(u * 10)]!++;
    }
    expect(outside).toBe(0);
    // χ² with 9 degrees of freedom: 27.88 is its 99.9th percentile (scipy.stats.chi2.ppf(0.999, 9)).
    const chiSquare = buckets.reduce((s, count) => s + (count - 10_000) ** 2 / 10_000, 0);
    expect(chiSquare).toBeLessThan(27.88);
  });
});

describe('bootstrapRatio', () => {
  const random = mulberry32(99);
  const after = logNormalSample(random, 80, 500);
  const before = logNormalSample(random, 90, 1000);

  it('is one resample per side, drawn in order from the seeded stream, with type-7 quantiles', () => {
    for (const level of [0.5, 0.95]) {
      const draw = mulberry32(5);
      const resample = (values: readonly number[]) => {
        const sorted = [...values].sort((a, b) => a - b);
        return values.map(() => sorted[Math.floor(draw() * values.length)]!);
      };
      const afterResample = resample(after);
      const expected = quantile(afterResample, level) / quantile(resample(before), level);
      const r = bootstrapRatio(after, before, { quantile: level, replicates: 1, seed: 5 });
      expect(r.lower).toBe(expected);
      expect(r.upper).toBe(expected);
    }
  });

  it('gives the same interval for the same seed and a different one for another seed', () => {
    const a = bootstrapRatio(after, before, { seed: 42, replicates: 500 });
    const b = bootstrapRatio(after, before, { seed: 42, replicates: 500 });
    const c = bootstrapRatio(after, before, { seed: 43, replicates: 500 });
    expect(b).toEqual(a);
    expect([c.lower, c.upper]).not.toEqual([a.lower, a.upper]);
  });

  it('estimates the ratio of the sample statistics and brackets it', () => {
    for (const level of [0.5, 0.95]) {
      const r = bootstrapRatio(after, before, { quantile: level, replicates: 1000, seed: 3 });
      expect(r.estimate).toBe(quantile(after, level) / quantile(before, level));
      expect(r.lower).toBeLessThanOrEqual(r.estimate);
      expect(r.upper).toBeGreaterThanOrEqual(r.estimate);
      expect(r.lower).toBeLessThan(r.upper);
    }
  });

  it('covers a known 2× speed-up of the median and the p95 at about the nominal 90%', () => {
    const population = mulberry32(2024);
    const trials = 150;
    for (const { level, n } of [
      { level: 0.5, n: 60 },
      { level: 0.95, n: 200 },
    ]) {
      let covered = 0;
      for (let t = 0; t < trials; t++) {
        const x = logNormalSample(population, n, 500);
        const y = logNormalSample(population, n, 1000);
        const r = bootstrapRatio(x, y, { quantile: level, replicates: 400, confidence: 0.9, seed: t });
        if (r.lower <= 0.5 && 0.5 <= r.upper) covered++;
      }
      // Binomial(150, 0.9) lies in [124, 145] with probability > 0.99; the percentile bootstrap of
      // a p95 undercovers slightly, hence the lower floor.
      expect(covered).toBeGreaterThanOrEqual(118);
      expect(covered).toBeLessThanOrEqual(146);
    }
  });

  it('rejects empty samples and invalid options', () => {
    expect(() => bootstrapRatio([], [1])).toThrow(RangeError);
    expect(() => bootstrapRatio([1], [1], { replicates: 0 })).toThrow(RangeError);
    expect(() => bootstrapRatio([1], [1], { confidence: 1 })).toThrow(RangeError);
    expect(() => bootstrapRatio([1], [1], { quantile: 2 })).toThrow(RangeError);
  });
});
