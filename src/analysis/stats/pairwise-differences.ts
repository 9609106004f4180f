/**
 * Order statistics of the n·m pairwise differences x_i − y_j without materialising them, so a
 * Hodges–Lehmann shift over two samples of a few thousand runs stays O((n + m) log) in time and
 * O(n + m) in memory.
 *
 * The k-th smallest difference is found by bisecting on the bit pattern of a double (at most 64
 * steps), counting the differences ≤ t at each step with a two-pointer sweep over the sorted
 * samples. The count compares the rounded difference `x_i − y_j` itself, which is monotone in both
 * indices, so the result is bit-for-bit the value a full sort of the differences would give.
 */

/** Number of pairs with x_i − y_j ≤ t; both samples sorted ascending. */
export function countDifferencesAtMost(
  xSorted: ArrayLike<number>,
  ySorted: ArrayLike<number>,
  t: number,
): number {
  const m = ySorted.length;
  let count = 0;
  let first = 0;
  for (let i = 0; i < xSorted.length; i++) {
    const x = xSorted[i]!;
    while (first < m && x - ySorted[first]! > t) first++;
    count += m - first;
  }
  return count;
}

/** The k-th smallest (1-based) of x_i − y_j; both samples sorted ascending and finite. */
export function kthDifference(xSorted: ArrayLike<number>, ySorted: ArrayLike<number>, k: number): number {
  const n = xSorted.length;
  const m = ySorted.length;
  if (n === 0 || m === 0 || !Number.isInteger(k) || k < 1 || k > n * m) {
    throw new RangeError(`k = ${k} is outside 1…${n * m}`);
  }
  let lo = orderedKey(xSorted[0]! - ySorted[m - 1]!);
  let hi = orderedKey(xSorted[n - 1]! - ySorted[0]!);
  while (lo < hi) {
    const mid = (lo + hi) >> 1n;
    if (countDifferencesAtMost(xSorted, ySorted, fromOrderedKey(mid)) >= k) hi = mid;
    else lo = mid + 1n;
  }
  return fromOrderedKey(lo);
}

/** The median of all x_i − y_j (mean of the two middle ones when n·m is even). */
export function medianDifference(xSorted: ArrayLike<number>, ySorted: ArrayLike<number>): number {
  const total = xSorted.length * ySorted.length;
  if (total === 0) return Number.NaN;
  const middle = Math.ceil(total / 2);
  const low = kthDifference(xSorted, ySorted, middle);
  return total % 2 === 1 ? low : (low + kthDifference(xSorted, ySorted, middle + 1)) / 2;
}

const SIGN_BIT = 1n << 63n;
const scratch = new DataView(new ArrayBuffer(8));

// Maps doubles to integers in the same order (−0 and +0 both to 0), so bisection on integers walks
// every representable value between two differences.
function orderedKey(value: number): bigint {
  scratch.setFloat64(0, value);
  const bits = scratch.getBigUint64(0);
  return bits & SIGN_BIT ? -(bits ^ SIGN_BIT) : bits;
}

function fromOrderedKey(key: bigint): number {
  scratch.setBigUint64(0, key < 0n ? -key | SIGN_BIT : key);
  return scratch.getFloat64(0);
}
