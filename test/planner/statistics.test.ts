import { describe, expect, it } from 'vitest';
import {
  meanInterval,
  pairedDifference,
  replicationsForHalfWidth,
  studentTCdf,
  studentTQuantile,
} from '../../src/planner/statistics.js';

describe('Student t', () => {
  // Two-sided 95 % critical values from any t table (e.g. NIST/SEMATECH e-Handbook, table 1.3.6.7.2).
  it.each([
    [1, 12.706],
    [2, 4.303],
    [5, 2.571],
    [10, 2.228],
    [29, 2.045],
    [100, 1.984],
  ])('t_{0.975, %i} = %f', (df, expected) => {
    expect(studentTQuantile(0.975, df)).toBeCloseTo(expected, 3);
  });

  it('is symmetric and the CDF inverts the quantile', () => {
    for (const df of [1, 3, 7, 40]) {
      expect(studentTCdf(0, df)).toBeCloseTo(0.5, 12);
      for (const p of [0.01, 0.2, 0.9, 0.999]) {
        const t = studentTQuantile(p, df);
        expect(studentTCdf(t, df)).toBeCloseTo(p, 9);
        expect(studentTQuantile(1 - p, df)).toBeCloseTo(-t, 6);
      }
    }
  });

  it('approaches the normal distribution for large df', () => {
    expect(studentTQuantile(0.975, 1e6)).toBeCloseTo(1.95996, 4);
  });
});

describe('meanInterval', () => {
  it('gives mean ± t·s/√n', () => {
    const est = meanInterval([1, 2, 3, 4, 5]);
    // s = √2.5, t_{0.975,4} = 2.7764
    const half = (2.776445 * Math.sqrt(2.5)) / Math.sqrt(5);
    expect(est.mean).toBe(3);
    expect(est.stdev).toBeCloseTo(Math.sqrt(2.5), 12);
    expect(est.ci95Low).toBeCloseTo(3 - half, 5);
    expect(est.ci95High).toBeCloseTo(3 + half, 5);
  });

  it('collapses to the value with one sample and to zeros with none', () => {
    expect(meanInterval([7])).toEqual({ n: 1, mean: 7, stdev: 0, ci95Low: 7, ci95High: 7 });
    expect(meanInterval([])).toEqual({ n: 0, mean: 0, stdev: 0, ci95Low: 0, ci95High: 0 });
  });
});

describe('pairedDifference', () => {
  it('matches a textbook paired t test', () => {
    // Differences 1, 2, 3, 4, 5 → t = 3 / (√2.5/√5) = 4.2426, df 4, two-sided p = 0.01324.
    const d = pairedDifference([0, 0, 0, 0, 0], [1, 2, 3, 4, 5]);
    expect(d.mean).toBe(3);
    expect(d.pValue).toBeCloseTo(0.01324, 4);
  });

  it('says nothing differs when every pair is equal', () => {
    expect(pairedDifference([1, 2], [1, 2]).pValue).toBe(1);
  });

  it('refuses unpaired samples', () => {
    expect(() => pairedDifference([1], [1, 2])).toThrow(/1 baseline values but 2/);
  });
});

describe('replicationsForHalfWidth', () => {
  it('finds the smallest n whose interval is narrow enough', () => {
    const n = replicationsForHalfWidth(10, 2) as number;
    const half = (nn: number) => (studentTQuantile(0.975, nn - 1) * 10) / Math.sqrt(nn);
    expect(half(n)).toBeLessThanOrEqual(2);
    expect(half(n - 1)).toBeGreaterThan(2);
  });

  it('is null without spread', () => {
    expect(replicationsForHalfWidth(0, 1)).toBeNull();
  });
});
