import type { RandomStream } from '../engine/random.js';
import { MICROS_PER_SECOND, type Micros } from '../engine/time.js';
import type { ArrivalProcess, RateStep } from '../model/traffic.js';

/**
 * Draws the arrival times of a (non-homogeneous) Poisson process. Piecewise-constant rates (steps,
 * traces) are inverted exactly: an Exp(1) draw is spent across the pieces. Smooth rates (diurnal,
 * flash crowd) use thinning (Lewis and Shedler 1979): candidates at the peak rate, each kept with
 * probability rate(t) / peak.
 */
export interface ArrivalSampler {
  /** The time of the next arrival after `now`; Infinity when the rate stays 0 from now on. */
  next(now: Micros, rng: RandomStream): Micros;
  /** The rate per second at time t. */
  rateAt(t: Micros): number;
}

export function arrivalSampler(process: ArrivalProcess): ArrivalSampler {
  switch (process.kind) {
    case 'poisson':
      return constantRate(process.rate);
    case 'steps':
      return piecewise(process.steps, Number.POSITIVE_INFINITY, false);
    case 'trace':
      return piecewise(process.steps, process.end, process.loop);
    case 'diurnal': {
      const { mean, amplitude, period, peakAt } = process;
      const rate = (t: Micros): number =>
        mean * (1 + amplitude * Math.cos((2 * Math.PI * (t - peakAt)) / period));
      return thinning(rate, mean * (1 + amplitude));
    }
    case 'flashCrowd':
      return thinning((t) => flashCrowdRate(process, t), Math.max(process.from, process.to));
  }
}

/** `from` until `at`, a linear ramp to `to` over `rampUp`, `to` for `hold`, a ramp back over `rampUp`. */
function flashCrowdRate(p: Extract<ArrivalProcess, { kind: 'flashCrowd' }>, t: Micros): number {
  const up = p.at + p.rampUp;
  const down = up + p.hold;
  if (t < p.at || t >= down + p.rampUp) return p.from;
  if (t < up) return p.from + ((p.to - p.from) * (t - p.at)) / p.rampUp;
  if (t < down) return p.to;
  return p.to + ((p.from - p.to) * (t - down)) / p.rampUp;
}

function exp1(rng: RandomStream): number {
  return -Math.log(1 - rng.next());
}

function constantRate(rate: number): ArrivalSampler {
  const meanGap = rate > 0 ? MICROS_PER_SECOND / rate : Number.POSITIVE_INFINITY;
  return {
    next: (now, rng) => (rate > 0 ? now + meanGap * exp1(rng) : Number.POSITIVE_INFINITY),
    rateAt: () => rate,
  };
}

function thinning(rate: (t: Micros) => number, peak: number): ArrivalSampler {
  if (!(peak > 0)) return constantRate(0);
  const meanGap = MICROS_PER_SECOND / peak;
  return {
    next(now, rng) {
      let t = now;
      for (;;) {
        t += meanGap * exp1(rng);
        if (rng.next() * peak < rate(t)) return t;
      }
    },
    rateAt: rate,
  };
}

/**
 * Steps sorted by `at` (the first at 0); the last step lasts until `end`. With `loop` the whole
 * pattern repeats with period `end`; without it the rate is 0 after `end`.
 */
function piecewise(steps: readonly RateStep[], end: Micros, loop: boolean): ArrivalSampler {
  const at = steps.map((s) => s.at);
  const rates = steps.map((s) => s.rate);
  const period = loop ? end : Number.POSITIVE_INFINITY;
  const hasTraffic = rates.some((r) => r > 0);
  /** Index of the step in force at offset `o` within one period. */
  const stepAt = (o: number): number => {
    let lo = 0;
    let hi = at.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((at[mid] as number) <= o) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const rateAt = (t: Micros): number => {
    const o = loop ? t % period : t;
    if (o >= end || o < (at[0] as number)) return 0;
    return rates[stepAt(o)] as number;
  };
  return {
    rateAt,
    next(now, rng) {
      if (!hasTraffic) return Number.POSITIVE_INFINITY;
      let need = exp1(rng) * MICROS_PER_SECOND; // rate × µs to spend
      let base = loop ? Math.floor(now / period) * period : 0;
      let o = now - base;
      let i = o < (at[0] as number) ? -1 : stepAt(o);
      for (;;) {
        if (o >= end) {
          if (!loop) return Number.POSITIVE_INFINITY;
          base += period;
          o = 0;
          i = -1;
        }
        const pieceEnd = i + 1 < at.length ? Math.min(at[i + 1] as number, end) : end;
        const rate = i < 0 ? 0 : (rates[i] as number);
        if (rate === 0 && pieceEnd === Number.POSITIVE_INFINITY) return Number.POSITIVE_INFINITY;
        const room = rate * (pieceEnd - o);
        if (need <= room) return base + o + need / rate;
        need -= room;
        o = pieceEnd;
        i++;
      }
    },
  };
}
