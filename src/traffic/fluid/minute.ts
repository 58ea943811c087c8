import { MICROS_PER_MS, MICROS_PER_SECOND, type Micros } from '../../engine/time.js';
import type { MinutePoint } from '../stats.js';
import type { LatencyMix } from './latency-mix.js';

/**
 * W(v) must exceed the p99's target by this (relative) to reach it. The probability bins below 0.99
 * sum to 0.99 exactly (docs/traffic.md, Fluid mode), so when almost no request waits, W at the
 * 0.97 bin's point equals the target up to float rounding; without the margin, rounding would pick
 * that point or the next from minute to minute. With it the p99 is the next point, the side where
 * the continuous distribution's p99 lies.
 */
const TARGET_MARGIN = 1e-9;

/**
 * Counts of one Service's current minute, for the series; p99 from the minute's latency points.
 *
 * Most minutes have one segment (one solve), whose points are the Service's mix itself: the minute
 * reads that mix in place and copies it only when a second segment comes or the Service is about to
 * rebuild it (`release`).
 */
export class MinuteAccumulator {
  private offered = 0;
  private served = 0;
  private failed = 0;
  /** The minute's only segment so far, read in place (its weights are its rates × `onlySeconds`). */
  private only: LatencyMix | null = null;
  private onlySeconds = 0;
  /** Otherwise the minute's points (its segments' mixes, one after another) and request counts. */
  private values = new Float64Array(0);
  private weights = new Float64Array(0);
  private points = 0;
  /** The index of last minute's p99 point: most minutes' p99 is the same point of their mix. */
  private hint = -1;

  /** `dt` seconds at the given rates (requests/s) and served latencies. */
  add(offered: number, failed: number, served: number, mix: LatencyMix, dt: number): void {
    this.offered += offered * dt;
    this.failed += failed * dt;
    this.served += served * dt;
    if (mix.length === 0) return;
    if (this.only === null && this.points === 0) {
      this.only = mix;
      this.onlySeconds = dt;
      return;
    }
    this.copyOnly();
    this.append(mix, dt);
  }

  /** The Service is about to rebuild `mix`: copy it first if the minute reads it. */
  release(mix: LatencyMix): void {
    if (this.only === mix) this.copyOnly();
  }

  close(start: Micros, readyPods: number): MinutePoint {
    const point: MinutePoint = {
      t: start / MICROS_PER_SECOND,
      offered: Math.round(this.offered),
      served: Math.round(this.served),
      failed: Math.round(this.failed),
      p99: this.served > 0 ? this.p99() / MICROS_PER_MS : null,
      readyPods,
    };
    this.offered = 0;
    this.served = 0;
    this.failed = 0;
    this.only = null;
    this.points = 0;
    return point;
  }

  /**
   * The p99 of the minute's points: the smallest value v with W(v) ≥ 0.99 of the weight, W(v) the
   * weight at or below v. Last minute's p99 point is checked first (one pass); else the points are
   * sorted.
   */
  private p99(): Micros {
    const only = this.only;
    const values = only === null ? this.values : only.values;
    const weights = only === null ? this.weights : only.rates;
    const n = only === null ? this.points : only.length;
    if (n === 0) return 0;
    if (this.hint >= 0 && this.hint < n) {
      const candidate = values[this.hint] as number;
      let total = 0;
      let below = 0;
      let atOrBelow = 0;
      for (let i = 0; i < n; i++) {
        const v = values[i] as number;
        const w = weights[i] as number;
        total += w;
        if (v < candidate) below += w;
        if (v <= candidate) atOrBelow += w;
      }
      const target = 0.99 * total * (1 + TARGET_MARGIN);
      if (below < target && atOrBelow >= target) return candidate;
    }
    return this.sortedP99(values, weights, n);
  }

  private sortedP99(values: Float64Array, weights: Float64Array, n: number): Micros {
    const order = Array.from({ length: n }, (_, i) => i).sort(
      (a, b) => (values[a] as number) - (values[b] as number),
    );
    let total = 0;
    for (let i = 0; i < n; i++) total += weights[i] as number;
    const target = 0.99 * total * (1 + TARGET_MARGIN);
    let atOrBelow = 0;
    for (let k = 0; k < n; k++) {
      const i = order[k] as number;
      atOrBelow += weights[i] as number;
      // W(v) counts every point at v: decide at the last of equal values.
      const next = order[k + 1];
      if (next !== undefined && values[next] === values[i]) continue;
      if (atOrBelow >= target) {
        this.hint = i;
        return values[i] as number;
      }
    }
    const last = order[n - 1] as number;
    this.hint = last;
    return values[last] as number;
  }

  /** Turns the segment read in place into copied points. */
  private copyOnly(): void {
    const only = this.only;
    if (only === null) return;
    this.only = null;
    this.append(only, this.onlySeconds);
  }

  private append(mix: LatencyMix, dt: number): void {
    const needed = this.points + mix.length;
    if (needed > this.values.length) {
      const size = Math.max(needed, 2 * this.values.length);
      const values = new Float64Array(size);
      const weights = new Float64Array(size);
      values.set(this.values.subarray(0, this.points));
      weights.set(this.weights.subarray(0, this.points));
      this.values = values;
      this.weights = weights;
    }
    for (let i = 0; i < mix.length; i++) {
      this.values[this.points] = mix.values[i] as number;
      this.weights[this.points] = (mix.rates[i] as number) * dt;
      this.points++;
    }
  }
}
