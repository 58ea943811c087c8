import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/engine/random.js';
import { seconds } from '../../src/engine/time.js';
import type { ArrivalProcess } from '../../src/model/traffic.js';
import { arrivalSampler } from '../../src/traffic/arrivals.js';

/** Arrival times in [0, until) µs. */
function arrivals(p: ArrivalProcess, until: number, seed = 1): number[] {
  const s = arrivalSampler(p);
  const rng = new RandomStreams(seed).get('arrivals');
  const out: number[] = [];
  for (let t = s.next(0, rng); t < until; t = s.next(t, rng)) out.push(t);
  return out;
}

const within = (count: number, mean: number) => Math.abs(count - mean) < 4 * Math.sqrt(mean);

describe('arrival processes', () => {
  it('poisson at 100/s gives about 100 000 arrivals in 1000 s (Poisson count, 4 σ)', () => {
    expect(within(arrivals({ kind: 'poisson', rate: 100 }, seconds(1000)).length, 100_000)).toBe(true);
  });

  it('steps change the rate at each step, and a last step of 0 stops arrivals for good', () => {
    const steps = {
      kind: 'steps',
      steps: [
        { at: 0, rate: 10 },
        { at: seconds(100), rate: 50 },
        { at: seconds(200), rate: 0 },
      ],
    } as const;
    const a = arrivals(steps, seconds(10_000));
    expect(within(a.filter((t) => t < seconds(100)).length, 1000)).toBe(true);
    expect(within(a.filter((t) => t >= seconds(100)).length, 5000)).toBe(true);
    expect(Math.max(...a)).toBeLessThan(seconds(200));
    expect(arrivalSampler(steps).rateAt(seconds(150))).toBe(50);
  });

  it('a looping trace repeats with its period; without loop it stops at its end', () => {
    const trace = (loop: boolean): ArrivalProcess => ({
      kind: 'trace',
      steps: [
        { at: 0, rate: 100 },
        { at: seconds(10), rate: 0 },
      ],
      end: seconds(20),
      loop,
    });
    const looped = arrivals(trace(true), seconds(200));
    expect(within(looped.length, 10 * 1000)).toBe(true);
    expect(looped.every((t) => t % seconds(20) < seconds(10))).toBe(true);
    expect(within(arrivals(trace(false), seconds(200)).length, 1000)).toBe(true);
  });

  it('diurnal integrates to its mean and peaks at peakAt', () => {
    const p: ArrivalProcess = {
      kind: 'diurnal',
      mean: 20,
      amplitude: 0.5,
      period: seconds(1000),
      peakAt: seconds(250),
    };
    const s = arrivalSampler(p);
    expect(s.rateAt(seconds(250))).toBeCloseTo(30, 9);
    expect(s.rateAt(seconds(750))).toBeCloseTo(10, 9);
    const a = arrivals(p, seconds(10_000));
    expect(within(a.length, 200_000)).toBe(true);
    const nearPeak = a.filter((t) => Math.abs((t % seconds(1000)) - seconds(250)) < seconds(50)).length;
    const nearTrough = a.filter((t) => Math.abs((t % seconds(1000)) - seconds(750)) < seconds(50)).length;
    expect(nearPeak).toBeGreaterThan(2.5 * nearTrough);
  });

  it('a flash crowd ramps from `from` to `to`, holds, and ramps back', () => {
    const p: ArrivalProcess = {
      kind: 'flashCrowd',
      from: 10,
      to: 100,
      at: seconds(100),
      rampUp: seconds(10),
      hold: seconds(60),
    };
    const s = arrivalSampler(p);
    expect([50, 105, 140, 175, 200].map((x) => s.rateAt(seconds(x)))).toEqual([10, 55, 100, 55, 10]);
    const a = arrivals(p, seconds(300));
    // 300 s at 10/s, plus 90/s over 60 s and two ramps worth 10 s at 90/s: 3000 + 5400 + 900.
    expect(within(a.length, 9300)).toBe(true);
  });
});
