import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LatencyMix } from '../../../src/traffic/fluid/latency-mix.js';
import { MinuteAccumulator } from '../../../src/traffic/fluid/minute.js';

type Points = [value: number, rate: number][];

function mixOf(points: Points): LatencyMix {
  const mix = new LatencyMix();
  mix.reset(points.length);
  for (const [v, r] of points) {
    mix.values[mix.length] = v;
    mix.rates[mix.length++] = r;
  }
  return mix;
}

/** The definition, by brute force: the smallest value with at least 99 % of the weight at or below it. */
function p99Of(segments: { points: Points; seconds: number }[]): number {
  const all = segments.flatMap((s) => s.points.map(([v, r]) => [v, r * s.seconds] as const));
  const total = all.reduce((a, [, w]) => a + w, 0);
  const values = [...new Set(all.map(([v]) => v))].sort((a, b) => a - b);
  for (const v of values)
    if (all.filter(([u]) => u <= v).reduce((a, [, w]) => a + w, 0) >= 0.99 * total * (1 + 1e-9)) return v;
  return values.at(-1) as number;
}

// Whole-number values and weights (and seconds) make every sum exact, so the brute force and the
// accumulator must agree to the bit.
const points = fc.array(fc.tuple(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 1, max: 1000 })), {
  minLength: 1,
  maxLength: 40,
});
const minute = fc.array(fc.record({ points, seconds: fc.integer({ min: 1, max: 60 }) }), {
  minLength: 1,
  maxLength: 3,
});

describe('MinuteAccumulator', () => {
  it('gives each minute the p99 of its segments’ points, whatever last minute’s was', () => {
    fc.assert(
      fc.property(fc.array(minute, { minLength: 1, maxLength: 6 }), (minutes) => {
        const acc = new MinuteAccumulator();
        for (const [m, segments] of minutes.entries()) {
          let served = 0;
          for (const s of segments) {
            const rate = s.points.reduce((a, [, r]) => a + r, 0);
            served += rate * s.seconds;
            acc.add(rate, 0, rate, mixOf(s.points), s.seconds);
          }
          const point = acc.close(m * 60_000_000, 1);
          expect(point.served).toBe(served);
          expect(point.p99).toBe(p99Of(segments) / 1000);
        }
      }),
    );
  });

  it('copies a segment it reads in place before the Service rebuilds that mix', () => {
    const acc = new MinuteAccumulator();
    const mix = mixOf([
      [1000, 1],
      [50_000, 99],
    ]);
    acc.add(100, 0, 100, mix, 30);
    acc.release(mix);
    mix.reset(1);
    mix.values[0] = 9_000_000;
    mix.rates[0] = 1;
    mix.length = 1;
    acc.add(1, 0, 1, mix, 30);
    // 30 at 1 ms, 2970 at 50 ms, 30 at 9 s: the p99 is 50 ms; without the copy it would be 9 s.
    expect(acc.close(0, 1).p99).toBe(50);
  });

  it('takes the next point when the weight below reaches 99 % only up to rounding', () => {
    // Bins of 0.25 0.25 0.25 0.15 0.05 0.04 sum to 0.99 (in floats, a hair either side of it).
    const acc = new MinuteAccumulator();
    const weights = [0.25, 0.25, 0.25, 0.15, 0.05, 0.04, 0.005, 0.004, 0.001];
    acc.add(1, 0, 1, mixOf(weights.map((w, i) => [1000 * (i + 1), w * 7])), 60);
    expect(acc.close(0, 1).p99).toBe(7);
  });
});
