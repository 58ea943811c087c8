import { MICROS_PER_MS, type Micros } from '../../engine/time.js';
import {
  FAILURE_REASONS,
  type FailureReason,
  LatencyRecorder,
  type LatencySummary,
  noFailures,
} from '../stats.js';
import type { LatencyMix } from './latency-mix.js';

/** HDR counts are whole numbers: fluid weights are recorded in thousandths of a request. */
const WEIGHT_SCALE = 1000;

/**
 * Expected request counts and the latency distribution of one group of fluid requests (a Service,
 * or the workloads' requests for the SLOs). Counts are real numbers until `rounded` is asked for.
 */
export class FluidStats {
  offered = 0;
  served = 0;
  readonly failedByReason = noFailures();
  private readonly latency = new LatencyRecorder();
  private latencySum = 0;
  private latencyMax = 0;

  get failed(): number {
    let sum = 0;
    for (const r of FAILURE_REASONS) sum += this.failedByReason[r];
    return sum;
  }

  /**
   * `seconds` of served requests at the mix's latencies, whose exact mean is `meanLatency` (the
   * points discretise the distribution for its percentiles; their own mean is a little lower).
   */
  recordServed(mix: LatencyMix, seconds: number, meanLatency: Micros): void {
    const { values, rates } = mix;
    for (let i = 0; i < mix.length; i++) {
      const n = (rates[i] as number) * seconds;
      if (n <= 0) continue;
      const value = values[i] as number;
      this.served += n;
      this.latencySum += n * meanLatency;
      if (value > this.latencyMax) this.latencyMax = value;
      const count = Math.round(n * WEIGHT_SCALE);
      if (count > 0) this.latency.recordCount(Math.round(value), count);
    }
  }

  /** Requests counted served that did not finish (lost with their pod, or still held at the end). */
  unserve(n: number, reason: FailureReason | null): void {
    const moved = Math.min(n, this.served);
    this.served -= moved;
    if (reason !== null) this.failedByReason[reason] += moved;
  }

  /** served ÷ ended; 1 when nothing ended. */
  get availability(): number {
    const ended = this.served + this.failed;
    return ended === 0 ? 1 : this.served / ended;
  }

  latencyAt(percentile: number): Micros {
    return this.latency.count === 0 ? 0 : this.latency.toHistogram().getValueAtPercentile(percentile);
  }

  latencyMs(): LatencySummary {
    const h = this.latency.count === 0 ? null : this.latency.toHistogram();
    const at = (p: number): number => (h === null ? 0 : h.getValueAtPercentile(p) / MICROS_PER_MS);
    return {
      mean: this.served <= 0 ? 0 : this.latencySum / this.served / MICROS_PER_MS,
      p50: at(50),
      p90: at(90),
      p95: at(95),
      p99: at(99),
      p999: at(99.9),
      max: this.latencyMax / MICROS_PER_MS,
    };
  }
}
