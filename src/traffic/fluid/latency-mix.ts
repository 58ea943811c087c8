/**
 * The served requests of the current solve by latency: `values[i]` µs at `rates[i]` requests/s, for
 * i < `length` (written by model.ts' latencyPoints). A Service rebuilds its one mix in place at every
 * solve (its minute copies the old points first if it still reads them), so a solve allocates nothing.
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
}
