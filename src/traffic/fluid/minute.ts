import { MICROS_PER_MS, MICROS_PER_SECOND, type Micros } from '../../engine/time.js';
import type { MinutePoint } from '../stats.js';
import type { LatencyMix } from './latency-mix.js';

/** Counts of one Service's current minute, for the series; p99 from the minute's latency points. */
export class MinuteAccumulator {
  private offered = 0;
  private served = 0;
  private failed = 0;
  /** The minute's latency points (its segments' mixes, one after another) and their request counts. */
  private values = new Float64Array(128);
  private weights = new Float64Array(128);
  private points = 0;
  /**
   * The points' indices by value, kept from minute to minute: a step moves the latencies a little,
   * so last minute's order is nearly this one's and an insertion sort fixes it in about one pass.
   */
  private order = new Int32Array(128);
  private ordered = 0;

  /** `dt` seconds at the given rates (requests/s) and served latencies. */
  add(offered: number, failed: number, served: number, mix: LatencyMix, dt: number): void {
    this.offered += offered * dt;
    this.failed += failed * dt;
    this.served += served * dt;
    const needed = this.points + mix.length;
    if (needed > this.values.length) this.grow(needed);
    for (let i = 0; i < mix.length; i++) {
      this.values[this.points] = mix.values[i] as number;
      this.weights[this.points] = (mix.rates[i] as number) * dt;
      this.points++;
    }
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
    this.points = 0;
    return point;
  }

  /** The smallest point value with at least 99 % of the minute's weight at or below it. */
  private p99(): Micros {
    if (this.points === 0) return 0;
    this.sortOrder();
    const { values, weights, order, points } = this;
    let total = 0;
    for (let k = 0; k < points; k++) total += weights[order[k] as number] as number;
    const target = 0.99 * total;
    let cumulative = 0;
    for (let k = 0; k < points; k++) {
      const i = order[k] as number;
      cumulative += weights[i] as number;
      if (cumulative >= target) return values[i] as number;
    }
    return values[order[points - 1] as number] as number;
  }

  /** Insertion sort of `order` by value, from last minute's order (or from scratch when the count changed). */
  private sortOrder(): void {
    const { values, order, points } = this;
    if (this.ordered !== points) {
      for (let k = 0; k < points; k++) order[k] = k;
      this.ordered = points;
    }
    for (let k = 1; k < points; k++) {
      const index = order[k] as number;
      const value = values[index] as number;
      let m = k - 1;
      while (m >= 0 && (values[order[m] as number] as number) > value) {
        order[m + 1] = order[m] as number;
        m--;
      }
      order[m + 1] = index;
    }
  }

  private grow(needed: number): void {
    const size = Math.max(needed, 2 * this.values.length);
    const values = new Float64Array(size);
    const weights = new Float64Array(size);
    values.set(this.values.subarray(0, this.points));
    weights.set(this.weights.subarray(0, this.points));
    this.values = values;
    this.weights = weights;
    this.order = new Int32Array(size);
    this.ordered = 0;
  }
}
