import type { FaultKind } from './fault-kind.js';

export interface FaultPlanOptions {
  /** Fraction of requests that fail, 0..1. */
  readonly rate: number;
  readonly kinds: readonly FaultKind[];
  readonly seed: number;
}

export interface FaultDecision {
  readonly kind: FaultKind;
  /** A uniform draw in [0, 1) that picks the variant (which 5xx status, which truncation). */
  readonly variant: number;
}

export interface FaultPlan {
  /** The decision for the next request; `undefined` means no fault. */
  next(): FaultDecision | undefined;
}

/** mulberry32: tiny, fast and good enough to make fault sequences reproducible per seed. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Draws fault decisions from a seeded generator, so the same seed and the same request order give
 * the same failures. Three draws per request keep the sequence stable whatever the outcome.
 */
export function createFaultPlan(options: FaultPlanOptions): FaultPlan {
  const random = mulberry32(options.seed ^ 0x5eed_f417);
  const rate = Math.min(1, Math.max(0, options.rate));
  return {
    next() {
      const hit = random();
      const pick = random();
      const variant = random();
      if (options.kinds.length === 0 || rate === 0 || hit >= rate) return undefined;
      const kind = options.kinds[Math.floor(pick * options.kinds.length)]!;
      return { kind, variant };
    },
  };
}
