import { describe, expect, it } from 'vitest';
import { erlangC, mmcMetrics } from '../../src/metrics/queueing-theory.js';

/** Erlang C straight from its definition, for small c: (a^c/c!)/(1−ρ) over Σ_{k<c} a^k/k! + (a^c/c!)/(1−ρ). */
function erlangCByDefinition(c: number, a: number): number {
  let term = 1;
  let sum = 0;
  for (let k = 0; k < c; k++) {
    sum += term;
    term *= a / (k + 1);
  }
  const top = term / (1 - a / c);
  return top / (sum + top);
}

describe('erlangC', () => {
  it.each([
    [1, 0.9, 0.9], // M/M/1: P(wait) = ρ
    [2, 1, 1 / 3],
    [3, 2, 4 / 9],
  ])('C(%d, %d) = %d', (c, a, expected) => {
    expect(erlangC(c, a)).toBeCloseTo(expected, 12);
  });

  it('agrees with the definition for a grid of servers and loads', () => {
    for (let c = 1; c <= 30; c++) {
      for (const rho of [0.05, 0.3, 0.7, 0.95, 0.999]) {
        expect(erlangC(c, rho * c)).toBeCloseTo(erlangCByDefinition(c, rho * c), 10);
      }
    }
  });

  it('stays finite and within [0, 1] for thousands of servers', () => {
    const p = erlangC(5000, 4950);
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1);
  });

  it('is 0 with no load and 1 at or beyond saturation', () => {
    expect(erlangC(4, 0)).toBe(0);
    expect(erlangC(4, 4)).toBe(1);
    expect(erlangC(4, 9)).toBe(1);
  });

  it('rejects a non-integer or non-positive number of servers', () => {
    expect(() => erlangC(0, 1)).toThrow(RangeError);
    expect(() => erlangC(1.5, 1)).toThrow(RangeError);
    expect(() => erlangC(2, -1)).toThrow(RangeError);
  });
});

describe('mmcMetrics', () => {
  it('gives the M/M/1 formulas when c = 1: Wq = ρ/(μ−λ), L = ρ/(1−ρ)', () => {
    const m = mmcMetrics(0.9, 1, 1);
    expect(m.utilisation).toBeCloseTo(0.9, 12);
    expect(m.meanWaitInQueue).toBeCloseTo(9, 10);
    expect(m.meanTimeInSystem).toBeCloseTo(10, 10);
    expect(m.meanNumberInSystem).toBeCloseTo(9, 10);
    expect(m.meanNumberInQueue).toBeCloseTo(8.1, 10);
  });

  it('follows Little’s law and W = Wq + 1/μ', () => {
    const m = mmcMetrics(3.2, 1, 4);
    expect(m.meanNumberInQueue).toBeCloseTo(3.2 * m.meanWaitInQueue, 12);
    expect(m.meanNumberInSystem).toBeCloseTo(3.2 * m.meanTimeInSystem, 12);
    expect(m.meanTimeInSystem).toBeCloseTo(m.meanWaitInQueue + 1, 12);
  });

  it('reports an unstable queue with infinite waits', () => {
    const m = mmcMetrics(5, 1, 4);
    expect(m.utilisation).toBe(1.25);
    expect(m.meanWaitInQueue).toBe(Number.POSITIVE_INFINITY);
    expect(m.meanNumberInSystem).toBe(Number.POSITIVE_INFINITY);
  });
});
