import type { RandomStream } from '../engine/random.js';

/**
 * Draws client indexes 0..n−1 with P(k) ∝ (k + 1)^−skew (Zipf; skew 0 is uniform), by a binary
 * search of the cumulative weights: O(log n) per draw, n doubles of memory.
 */
export class ZipfSampler {
  private readonly cumulative: Float64Array;

  constructor(
    readonly n: number,
    readonly skew: number,
  ) {
    this.cumulative = new Float64Array(n);
    let sum = 0;
    for (let k = 0; k < n; k++) {
      sum += (k + 1) ** -skew;
      this.cumulative[k] = sum;
    }
  }

  /** The probability of index k. */
  probability(k: number): number {
    const c = this.cumulative;
    const total = c[this.n - 1] as number;
    return ((c[k] as number) - (k > 0 ? (c[k - 1] as number) : 0)) / total;
  }

  sample(rng: RandomStream): number {
    const c = this.cumulative;
    const u = rng.next() * (c[this.n - 1] as number);
    let lo = 0;
    let hi = this.n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((c[mid] as number) <= u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
