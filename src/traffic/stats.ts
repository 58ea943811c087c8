import * as hdr from 'hdr-histogram-js';
import { MICROS_PER_MS, type Micros } from '../engine/time.js';

/** Why a request failed. Every request that does not succeed ends with exactly one of these. */
export const FAILURE_REASONS = ['timeout', 'rejected', 'noEndpoints', 'podLost', 'dependency'] as const;
export type FailureReason = (typeof FAILURE_REASONS)[number];

/** A count per failure reason, all 0 (one place lists the reasons: FAILURE_REASONS). */
export function noFailures(): Record<FailureReason, number> {
  const out = {} as Record<FailureReason, number>;
  for (const r of FAILURE_REASONS) out[r] = 0;
  return out;
}

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

function histogram(): hdr.Histogram {
  // Plain JS (not WebAssembly): the same results everywhere, and no WebAssembly memory to free.
  return hdr.build({
    bitBucketSize: 64,
    autoResize: true,
    lowestDiscernibleValue: 1,
    highestTrackableValue: 2 * 3_600_000_000,
    numberOfSignificantValueDigits: SIGNIFICANT_DIGITS,
    useWebAssembly: false,
  });
}

/** HDR precision: 3 significant digits, so 2048 sub-buckets per power of two (half of them new). */
const SIGNIFICANT_DIGITS = 3;
const SUB_BUCKET_HALF_MAGNITUDE = 10;
const SUB_BUCKET_HALF_COUNT = 1 << SUB_BUCKET_HALF_MAGNITUDE;
/** Buckets up to 2^44 µs (about 200 days); larger values are clamped into the last one. */
const BUCKETS = 44 - SUB_BUCKET_HALF_MAGNITUDE;
const MAX_VALUE = 2 ** 44 - 1;

/**
 * Latencies counted in the buckets of an HDR histogram of 3 significant digits, indexed as
 * hdr-histogram-js indexes them (counts index = (bucket + 1)·1024 + sub-bucket − 1024). Recording is
 * a clz32 and an increment, about 100 times cheaper than hdr-histogram-js's recordValue, which
 * matters at millions of requests per second. `toHistogram` hands the counts to hdr-histogram-js
 * (each at its bucket's lowest value, which lands in the same bucket), and every percentile is
 * computed there.
 */
export class LatencyRecorder {
  private readonly counts = new Float64Array((BUCKETS + 1) * SUB_BUCKET_HALF_COUNT);
  private lowIndex = Number.POSITIVE_INFINITY;
  private highIndex = -1;
  count = 0;

  /** Records a value in whole µs (>= 0). */
  record(value: number): void {
    this.recordCount(value, 1);
  }

  /** Records `count` (a whole number) occurrences of a value in whole µs (>= 0). */
  recordCount(value: number, count: number): void {
    const index =
      value < 4_294_967_296 ? smallValueIndex(value) : largeValueIndex(Math.min(value, MAX_VALUE));
    this.counts[index] = (this.counts[index] as number) + count;
    if (index < this.lowIndex) this.lowIndex = index;
    if (index > this.highIndex) this.highIndex = index;
    this.count += count;
  }

  /** An hdr-histogram-js histogram holding the same counts. */
  toHistogram(): hdr.Histogram {
    const h = histogram();
    for (let i = this.lowIndex; i <= this.highIndex; i++) {
      const c = this.counts[i] as number;
      if (c === 0) continue;
      const bucket = i < 2 * SUB_BUCKET_HALF_COUNT ? 0 : Math.floor(i / SUB_BUCKET_HALF_COUNT) - 1;
      const sub = i - bucket * SUB_BUCKET_HALF_COUNT;
      h.recordValueWithCount(sub * 2 ** bucket, c);
    }
    return h;
  }

  reset(): void {
    if (this.highIndex >= 0) this.counts.fill(0, this.lowIndex, this.highIndex + 1);
    this.lowIndex = Number.POSITIVE_INFINITY;
    this.highIndex = -1;
    this.count = 0;
  }
}

/** The counts index of a value below 2^32 µs: floor(log2 v) by clz32. */
function smallValueIndex(v: number): number {
  const log2 = 31 - Math.clz32(v | 1);
  const bucket = log2 > SUB_BUCKET_HALF_MAGNITUDE ? log2 - SUB_BUCKET_HALF_MAGNITUDE : 0;
  return bucket * SUB_BUCKET_HALF_COUNT + (v >>> bucket);
}

/** The counts index of a value of 2^32 µs or more (over an hour: rare), through Math.log2. */
function largeValueIndex(v: number): number {
  const bucket = Math.floor(Math.log2(v)) - SUB_BUCKET_HALF_MAGNITUDE;
  return bucket * SUB_BUCKET_HALF_COUNT + Math.floor(v / 2 ** bucket);
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
  readonly failedByReason = noFailures();
  private readonly latency = new LatencyRecorder();
  private latencySum = 0;
  private latencyMax = 0;

  recordServed(latency: Micros): void {
    this.served++;
    this.latency.record(Math.round(latency));
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
    const h = this.latency.toHistogram();
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
    return this.served === 0 ? 0 : this.latency.toHistogram().getValueAtPercentile(percentile);
  }
}

/**
 * The per-minute series of one Service: counts in the current minute, closed by `closeMinute`. The
 * minute's p99 is exact (nearest rank over the minute's latencies, kept in a reused buffer).
 */
export class MinuteSeries {
  readonly points: MinutePoint[] = [];
  private offered = 0;
  private failed = 0;
  private latencies = new Float64Array(1024);
  private served = 0;

  offer(): void {
    this.offered++;
  }

  serve(latency: Micros): void {
    if (this.served === this.latencies.length) this.grow();
    this.latencies[this.served++] = latency;
  }

  private grow(): void {
    const bigger = new Float64Array(2 * this.served);
    bigger.set(this.latencies);
    this.latencies = bigger;
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
      p99: this.served === 0 ? null : this.p99() / MICROS_PER_MS,
      readyPods,
    });
    this.offered = 0;
    this.served = 0;
    this.failed = 0;
  }

  /** The nearest-rank p99 by quickselect (Hoare), O(n) on average; reorders the buffer. */
  private p99(): Micros {
    const a = this.latencies;
    const k = Math.ceil(0.99 * this.served) - 1;
    let lo = 0;
    let hi = this.served - 1;
    while (lo < hi) {
      const pivot = a[(lo + hi) >>> 1] as number;
      let i = lo;
      let j = hi;
      while (i <= j) {
        while ((a[i] as number) < pivot) i++;
        while ((a[j] as number) > pivot) j--;
        if (i <= j) {
          const t = a[i] as number;
          a[i++] = a[j] as number;
          a[j--] = t;
        }
      }
      if (k <= j) hi = j;
      else if (k >= i) lo = i;
      else break;
    }
    return a[k] as number;
  }
}
