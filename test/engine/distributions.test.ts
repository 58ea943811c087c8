import { describe, expect, it } from 'vitest';
import {
  constant,
  type Distribution,
  empirical,
  exponential,
  lognormal,
  pareto,
  standardNormal,
  uniform,
  Z_99,
} from '../../src/engine/distributions.js';
import { RandomStreams } from '../../src/engine/random.js';

// Statistical checks with fixed seeds, so they are deterministic; each tolerance is about 5 standard
// errors of the estimate (or more), so a correct sampler passes for any seed, not only this one.
const N = 100_000;

function sample(d: Distribution, n = N, seed = 2026): number[] {
  const rng = new RandomStreams(seed).get('distributions-test');
  return Array.from({ length: n }, () => d.sample(rng));
}

function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

function quantile(xs: readonly number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;
}

function fractionAbove(xs: readonly number[], x: number): number {
  return xs.filter((v) => v > x).length / xs.length;
}

describe('exponential', () => {
  it('has the requested mean and a variance of mean²', () => {
    const xs = sample(exponential(5));
    // sd of the sample mean = 5 / sqrt(N) ≈ 0.016.
    expect(Math.abs(mean(xs) - 5)).toBeLessThan(0.08);
    const variance = mean(xs.map((x) => (x - 5) ** 2));
    expect(Math.abs(variance / 25 - 1)).toBeLessThan(0.05);
  });

  it('is memoryless in its tail: P(X > 2m) ≈ e^-2', () => {
    const xs = sample(exponential(5));
    // sd of the proportion ≈ sqrt(0.135 × 0.865 / N) ≈ 0.0011.
    expect(Math.abs(fractionAbove(xs, 10) - Math.exp(-2))).toBeLessThan(0.006);
  });

  it('never draws a negative or infinite value', () => {
    for (const x of sample(exponential(1))) expect(x >= 0 && Number.isFinite(x)).toBe(true);
  });

  it('rejects a mean that is not positive', () => {
    expect(() => exponential(0)).toThrow(RangeError);
    expect(() => exponential(-1)).toThrow(RangeError);
    expect(() => exponential(Number.NaN)).toThrow(RangeError);
  });
});

describe('lognormal from (median, p99)', () => {
  const d = lognormal(20, 200);

  it('has the requested median and 99th percentile', () => {
    const xs = sample(d);
    // The sample median's relative sd here is ≈ 1.25σ/√N ≈ 0.4%; the p99's ≈ 2%.
    expect(Math.abs(quantile(xs, 0.5) / 20 - 1)).toBeLessThan(0.03);
    expect(Math.abs(quantile(xs, 0.99) / 200 - 1)).toBeLessThan(0.1);
  });

  it('reports the mean exp(μ + σ²/2) and its samples agree', () => {
    const sigma = Math.log(10) / Z_99;
    expect(d.mean).toBeCloseTo(20 * Math.exp((sigma * sigma) / 2), 10);
    // sd/mean of a lognormal with σ ≈ 0.99 is ≈ 1.3, so the sample mean's relative sd ≈ 0.4%.
    expect(Math.abs(mean(sample(d)) / d.mean - 1)).toBeLessThan(0.03);
  });

  it('is a constant when median equals p99', () => {
    const xs = sample(lognormal(7, 7), 100);
    for (const x of xs) expect(x).toBeCloseTo(7, 10);
  });

  it('rejects median <= 0 or p99 < median', () => {
    expect(() => lognormal(0, 1)).toThrow(RangeError);
    expect(() => lognormal(10, 5)).toThrow(RangeError);
  });
});

describe('standardNormal', () => {
  it('has mean 0, sd 1 and 95% of its mass within ±1.96', () => {
    const rng = new RandomStreams(9).get('normal');
    const xs = Array.from({ length: N }, () => standardNormal(rng));
    expect(Math.abs(mean(xs))).toBeLessThan(0.02);
    expect(Math.abs(Math.sqrt(mean(xs.map((x) => x * x))) - 1)).toBeLessThan(0.02);
    expect(Math.abs(xs.filter((x) => Math.abs(x) < 1.959964).length / N - 0.95)).toBeLessThan(0.004);
    expect(Math.abs(xs.filter((x) => x < Z_99).length / N - 0.99)).toBeLessThan(0.002);
  });
});

describe('pareto', () => {
  it('has the tail P(X > x) = (scale / x)^shape', () => {
    const xs = sample(pareto(1, 2));
    // P(X > 3) = 1/9, P(X > 10) = 1/100, P(X > 30) = 1/900; sd of each proportion < 0.001.
    expect(Math.abs(fractionAbove(xs, 3) - 1 / 9)).toBeLessThan(0.006);
    expect(Math.abs(fractionAbove(xs, 10) - 0.01)).toBeLessThan(0.0015);
    expect(Math.abs(fractionAbove(xs, 30) - 1 / 900)).toBeLessThan(0.0006);
  });

  it('never draws below its scale', () => {
    expect(Math.min(...sample(pareto(3, 1.5)))).toBeGreaterThanOrEqual(3);
  });

  it('reports mean shape·scale/(shape−1), and Infinity when shape <= 1', () => {
    expect(pareto(2, 3).mean).toBe(3);
    expect(pareto(2, 1).mean).toBe(Number.POSITIVE_INFINITY);
    // Shape 3 has a finite variance, so the sample mean converges: sd ≈ 0.0055.
    expect(Math.abs(mean(sample(pareto(2, 3))) - 3)).toBeLessThan(0.05);
  });

  it('rejects a scale or shape that is not positive', () => {
    expect(() => pareto(0, 1)).toThrow(RangeError);
    expect(() => pareto(1, 0)).toThrow(RangeError);
  });
});

describe('uniform', () => {
  it('stays within [min, max) and has mean (min + max) / 2', () => {
    const xs = sample(uniform(2, 5));
    for (const x of xs) expect(x >= 2 && x < 5).toBe(true);
    expect(Math.min(...xs)).toBeLessThan(2.001);
    expect(Math.max(...xs)).toBeGreaterThan(4.999);
    // sd of the sample mean = 3 / sqrt(12 N) ≈ 0.0027.
    expect(Math.abs(mean(xs) - 3.5)).toBeLessThan(0.015);
    expect(uniform(2, 5).mean).toBe(3.5);
  });

  it('allows min = max and rejects max < min', () => {
    expect(sample(uniform(4, 4), 10)).toEqual(new Array(10).fill(4));
    expect(() => uniform(5, 4)).toThrow(RangeError);
  });
});

describe('constant', () => {
  it('always returns its value', () => {
    expect(sample(constant(3), 5)).toEqual([3, 3, 3, 3, 3]);
    expect(constant(3).mean).toBe(3);
  });
});

describe('empirical', () => {
  it('resamples the given values uniformly', () => {
    const values = [1, 2, 3, 10];
    const xs = sample(empirical(values));
    for (const v of values) {
      // sd of each proportion ≈ sqrt(0.25 × 0.75 / N) ≈ 0.0014.
      expect(Math.abs(xs.filter((x) => x === v).length / N - 0.25)).toBeLessThan(0.007);
    }
    expect(xs.every((x) => values.includes(x))).toBe(true);
    expect(empirical(values).mean).toBe(4);
  });

  it('copies its input, so later changes to the array do not leak in', () => {
    const values = [5, 5];
    const d = empirical(values);
    values[0] = 99;
    expect(sample(d, 50).every((x) => x === 5)).toBe(true);
  });

  it('rejects an empty sample', () => {
    expect(() => empirical([])).toThrow(RangeError);
  });
});

describe('determinism', () => {
  it('draws the same samples for the same seed and stream', () => {
    const d = lognormal(20, 200);
    expect(sample(d, 1000, 5)).toEqual(sample(d, 1000, 5));
    expect(sample(d, 1000, 5)).not.toEqual(sample(d, 1000, 6));
  });

  it('describes itself for reports', () => {
    expect(exponential(5).description).toBe('exponential(mean 5)');
    expect(lognormal(20, 200).description).toBe('lognormal(median 20, p99 200)');
  });
});
