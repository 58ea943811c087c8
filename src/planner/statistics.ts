import { gammaln, mean, sampleStandardDeviation } from 'simple-statistics';

/**
 * Confidence intervals and paired tests for replicated runs. simple-statistics gives the moments and
 * the t statistic but not Student's t distribution itself, so its CDF (through the regularised
 * incomplete beta function) and quantile are here; everything else is simple-statistics.
 */

/** A figure over n replications: its mean, sample standard deviation and two-sided interval. */
export interface IntervalEstimate {
  n: number;
  mean: number;
  stdev: number;
  ci95Low: number;
  ci95High: number;
}

/** The difference variant − baseline over paired replications, with the paired t test's p-value. */
export interface PairedDifference {
  n: number;
  mean: number;
  ci95Low: number;
  ci95High: number;
  /** Two-sided; 1 when every difference is 0, 0 when they are all equal and not 0. */
  pValue: number;
}

/**
 * Regularised incomplete beta I_x(a, b) by Lentz's continued fraction (Numerical Recipes §6.4),
 * using the symmetry I_x(a,b) = 1 − I_{1−x}(b,a) where the fraction converges slowly.
 */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(gammaln(a + b) - gammaln(a) - gammaln(b) + a * Math.log(x) + b * Math.log1p(-x));
  if (x > (a + 1) / (a + b + 2)) return 1 - regularizedIncompleteBeta(1 - x, b, a);
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let f = d;
  for (let m = 1; m <= 300; m++) {
    for (const numerator of [
      (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m)),
      -((a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1)),
    ]) {
      d = 1 + numerator * d;
      if (Math.abs(d) < tiny) d = tiny;
      c = 1 + numerator / c;
      if (Math.abs(c) < tiny) c = tiny;
      d = 1 / d;
      f *= c * d;
    }
    if (Math.abs(c * d - 1) < 1e-15) break;
  }
  return (front * f) / a;
}

/** P(T ≤ t) for Student's t with `df` degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  const tail = 0.5 * regularizedIncompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** The t with P(T ≤ t) = p, by bisection on the CDF (monotone; 200 halvings reach double precision). */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`studentTQuantile: p must be in (0, 1), got ${p}`);
  let low = -1e6;
  let high = 1e6;
  for (let i = 0; i < 200 && high - low > 1e-12 * Math.max(1, Math.abs(high)); i++) {
    const mid = (low + high) / 2;
    if (studentTCdf(mid, df) < p) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

/** The interval's half-width factor t_{(1+confidence)/2, n−1}; Infinity with fewer than two samples. */
function tFactor(n: number, confidence: number): number {
  return n < 2 ? Number.POSITIVE_INFINITY : studentTQuantile((1 + confidence) / 2, n - 1);
}

/**
 * Mean and Student-t interval of `values`. With one value the interval is that value on both sides
 * (nothing is known about the spread; `stdev` is 0 and callers say so); with none, every field is 0.
 */
export function meanInterval(values: readonly number[], confidence = 0.95): IntervalEstimate {
  const n = values.length;
  if (n === 0) return { n, mean: 0, stdev: 0, ci95Low: 0, ci95High: 0 };
  const m = mean(values as number[]);
  if (n === 1) return { n, mean: m, stdev: 0, ci95Low: m, ci95High: m };
  const s = sampleStandardDeviation(values as number[]);
  const half = (tFactor(n, confidence) * s) / Math.sqrt(n);
  return { n, mean: m, stdev: s, ci95Low: m - half, ci95High: m + half };
}

/** Paired comparison: the interval of (variant − baseline) per replication and its two-sided p-value. */
export function pairedDifference(
  baseline: readonly number[],
  variant: readonly number[],
  confidence = 0.95,
): PairedDifference {
  if (baseline.length !== variant.length)
    throw new RangeError(
      `pairedDifference: ${baseline.length} baseline values but ${variant.length} variant values`,
    );
  const diffs = variant.map((v, i) => v - (baseline[i] as number));
  const est = meanInterval(diffs, confidence);
  let pValue: number;
  if (est.n < 2) pValue = 1;
  else if (est.stdev === 0) pValue = est.mean === 0 ? 1 : 0;
  else {
    const t = est.mean / (est.stdev / Math.sqrt(est.n));
    pValue = 2 * (1 - studentTCdf(Math.abs(t), est.n - 1));
  }
  return { n: est.n, mean: est.mean, ci95Low: est.ci95Low, ci95High: est.ci95High, pValue };
}

/**
 * Replications needed for the interval's half-width to fall to `halfWidth`, from a pilot's standard
 * deviation (n ≥ (t·s/h)², iterated because t depends on n). Null when the pilot shows no spread.
 */
export function replicationsForHalfWidth(stdev: number, halfWidth: number, confidence = 0.95): number | null {
  if (!(stdev > 0) || !(halfWidth > 0)) return null;
  let n = 2;
  for (let i = 0; i < 50; i++) {
    const next = Math.max(2, Math.ceil(((tFactor(n, confidence) * stdev) / halfWidth) ** 2));
    if (next === n) break;
    n = next;
  }
  return n;
}
