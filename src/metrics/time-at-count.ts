import type { Micros } from '../engine/time.js';

/**
 * How long, within [windowStart, end), an integer count held each value: the exact time-at-level
 * distribution of a step function (0, 1, 2, … available pods), so any k-of-n question can be answered
 * from it afterwards.
 */
export class TimeAtCount {
  private readonly spans: number[] = [];
  private since: Micros;

  constructor(
    private count: number,
    now: Micros,
    private readonly windowStart: Micros,
  ) {
    this.since = now;
  }

  set(count: number, now: Micros): void {
    if (count === this.count) return;
    this.close(now);
    this.count = count;
  }

  /**
   * The fraction of the window spent at each count 0 … max(`atLeast` − 1, highest count held); they
   * sum to 1. Empty when no time in the window has passed.
   */
  fractions(end: Micros, atLeast = 0): number[] {
    this.close(end);
    const total = this.spans.reduce((a, b) => a + (b ?? 0), 0);
    if (total === 0) return [];
    const length = Math.max(atLeast, this.spans.length);
    return Array.from({ length }, (_, i) => (this.spans[i] ?? 0) / total);
  }

  private close(now: Micros): void {
    const from = Math.max(this.since, this.windowStart);
    if (now > from) this.spans[this.count] = (this.spans[this.count] ?? 0) + (now - from);
    if (now > this.since) this.since = now;
  }
}
