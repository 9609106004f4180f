/** Benjamini–Hochberg false-discovery-rate control over a family of p-values. */
export interface BenjaminiHochberg {
  /** Adjusted p-values in input order, as R's `p.adjust(p, "BH")`: monotone in p, capped at 1. */
  readonly adjusted: readonly number[];
  /** Whether each hypothesis is rejected with the false discovery rate held at q. */
  readonly rejected: readonly boolean[];
  readonly q: number;
}

/**
 * Adjusts p-values by the Benjamini–Hochberg step-up procedure: the i-th smallest of m gets
 * min over j ≥ i of (m / j)·p_(j), capped at 1. Rejecting where the adjusted value is ≤ q is the
 * step-up rule "reject the k smallest, k the largest i with p_(i) ≤ i·q/m". Use it when many
 * fingerprints are measured at once, so a few lucky ones are not reported as wins.
 */
export function benjaminiHochberg(
  pValues: readonly number[],
  options: { readonly q?: number } = {},
): BenjaminiHochberg {
  const q = options.q ?? 0.05;
  if (!(q > 0 && q < 1)) throw new RangeError(`q ${q} is not in (0, 1)`);
  for (const p of pValues) if (!(p >= 0 && p <= 1)) throw new RangeError(`p-value ${p} is not in [0, 1]`);
  const m = pValues.length;
  const order = pValues.map((_, i) => i).sort((a, b) => pValues[b]! - pValues[a]!);
  const adjusted = new Array<number>(m);
  let running = 1;
  order.forEach((index, position) => {
    const rank = m - position;
    running = Math.min(running, (m / rank) * pValues[index]!);
    adjusted[index] = running;
  });
  return { adjusted, rejected: adjusted.map((p) => p <= q), q };
}
