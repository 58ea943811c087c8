import type { Micros } from '../engine/time.js';

/** Summary of a piecewise-constant quantity over the observation window. */
export interface TimeWeightedSummary {
  mean: number;
  min: number;
  max: number;
}

/**
 * Integrates a piecewise-constant value exactly over [windowStart, end): each `set` closes the segment
 * the previous value held. Segments before windowStart (the warm-up) are ignored.
 */
export class TimeWeightedValue {
  private since: Micros;
  private integral = 0;
  private observed = 0;
  private minValue = Number.POSITIVE_INFINITY;
  private maxValue = Number.NEGATIVE_INFINITY;

  constructor(
    private value: number,
    now: Micros,
    private readonly windowStart: Micros,
  ) {
    this.since = now;
  }

  get current(): number {
    return this.value;
  }

  set(value: number, now: Micros): void {
    if (value === this.value) return;
    this.close(now);
    this.value = value;
  }

  /** The summary up to `end`; undefined when no time in the window has passed. */
  summary(end: Micros): TimeWeightedSummary | undefined {
    this.close(end);
    if (this.observed === 0) return undefined;
    return { mean: this.integral / this.observed, min: this.minValue, max: this.maxValue };
  }

  /** ∫ value dt over the window so far, in value × µs. */
  area(end: Micros): number {
    this.close(end);
    return this.integral;
  }

  private close(now: Micros): void {
    const from = Math.max(this.since, this.windowStart);
    if (now > from) {
      const span = now - from;
      this.integral += this.value * span;
      this.observed += span;
      if (this.value < this.minValue) this.minValue = this.value;
      if (this.value > this.maxValue) this.maxValue = this.value;
    }
    if (now > this.since) this.since = now;
  }
}
