import type { Micros } from '../../engine/time.js';

/**
 * The served requests of the current solve by latency: `values[i]` µs at `rates[i]` requests/s, for
 * i < `length`. A Service rebuilds its one mix at every solve (the minute copies what it integrates),
 * so a solve allocates nothing.
 */
export class LatencyMix {
  values = new Float64Array(0);
  rates = new Float64Array(0);
  length = 0;

  /** Empties the mix, with room for `capacity` points. */
  reset(capacity: number): void {
    this.length = 0;
    if (this.values.length >= capacity) return;
    this.values = new Float64Array(capacity);
    this.rates = new Float64Array(capacity);
  }

  push(value: Micros, rate: number): void {
    this.values[this.length] = value;
    this.rates[this.length] = rate;
    this.length++;
  }
}
