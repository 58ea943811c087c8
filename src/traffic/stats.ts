import * as hdr from 'hdr-histogram-js';
import { MICROS_PER_MS, type Micros } from '../engine/time.js';

/** Why a request failed. Every request that does not succeed ends with exactly one of these. */
export const FAILURE_REASONS = ['timeout', 'rejected', 'noEndpoints', 'podLost', 'dependency'] as const;
export type FailureReason = (typeof FAILURE_REASONS)[number];

/** Latency of served requests in ms. */
export interface LatencySummary {
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  p999: number;
  max: number;
}

/** One minute of one Service (the whole run, warm-up included, for charts). */
export interface MinutePoint {
  /** Start of the minute, s. */
  t: number;
  offered: number;
  served: number;
  failed: number;
  /** p99 latency of the requests served in the minute, ms; null when none was. */
  p99: number | null;
  /** Endpoints taking new traffic at the end of the minute. */
  readyPods: number;
}

function histogram(digits: 2 | 3): hdr.Histogram {
  // Plain JS (not WebAssembly) so results are the same everywhere; µs from 1 µs, growing as needed.
  return hdr.build({
    bitBucketSize: 32,
    autoResize: true,
    lowestDiscernibleValue: 1,
    highestTrackableValue: 2 * 3_600_000_000,
    numberOfSignificantValueDigits: digits,
    useWebAssembly: false,
  });
}

/**
 * Request counts and latencies of one group of requests (a Service, or all workload requests for the
 * SLOs). `offered` counts requests at arrival, the rest at their end; only requests that arrived
 * after the warm-up are counted, so offered = served + failed + in flight holds exactly at any time.
 */
export class RequestStats {
  offered = 0;
  served = 0;
  failed = 0;
  readonly failedByReason: Record<FailureReason, number> = {
    timeout: 0,
    rejected: 0,
    noEndpoints: 0,
    podLost: 0,
    dependency: 0,
  };
  private readonly latency = histogram(3);
  private latencySum = 0;
  private latencyMax = 0;

  recordServed(latency: Micros): void {
    this.served++;
    const v = Math.max(1, Math.round(latency));
    this.latency.recordValue(v);
    this.latencySum += latency;
    if (latency > this.latencyMax) this.latencyMax = latency;
  }

  recordFailed(reason: FailureReason): void {
    this.failed++;
    this.failedByReason[reason]++;
  }

  /** served ÷ (offered − in flight); 1 when nothing ended. */
  get availability(): number {
    const ended = this.served + this.failed;
    return ended === 0 ? 1 : this.served / ended;
  }

  latencyMs(): LatencySummary {
    const h = this.latency;
    const at = (p: number): number => (this.served === 0 ? 0 : h.getValueAtPercentile(p) / MICROS_PER_MS);
    return {
      mean: this.served === 0 ? 0 : this.latencySum / this.served / MICROS_PER_MS,
      p50: at(50),
      p90: at(90),
      p95: at(95),
      p99: at(99),
      p999: at(99.9),
      max: this.latencyMax / MICROS_PER_MS,
    };
  }

  /** The latency (µs) at percentile p of the served requests (0 when none). */
  latencyAt(percentile: number): Micros {
    return this.served === 0 ? 0 : this.latency.getValueAtPercentile(percentile);
  }
}

/** The per-minute series of one Service: counts in the current minute, closed by `closeMinute`. */
export class MinuteSeries {
  readonly points: MinutePoint[] = [];
  private offered = 0;
  private served = 0;
  private failed = 0;
  private readonly latency = histogram(2);

  offer(): void {
    this.offered++;
  }

  serve(latency: Micros): void {
    this.served++;
    this.latency.recordValue(Math.max(1, Math.round(latency)));
  }

  fail(): void {
    this.failed++;
  }

  closeMinute(start: Micros, readyPods: number): void {
    this.points.push({
      t: start / 1_000_000,
      offered: this.offered,
      served: this.served,
      failed: this.failed,
      p99: this.served === 0 ? null : this.latency.getValueAtPercentile(99) / MICROS_PER_MS,
      readyPods,
    });
    this.offered = 0;
    this.served = 0;
    this.failed = 0;
    this.latency.reset();
  }
}
