import { MICROS_PER_SECOND, type Micros } from '../engine/time.js';
import type { RequestObserver } from '../traffic/request-observer.js';
import type { FailureReason } from '../traffic/stats.js';
import type { SeriesLabels, SeriesStore, StoredSeries } from './series-store.js';

/**
 * Histogram buckets (upper bounds, seconds): the Prometheus Go client's DefBuckets
 * (prometheus/client_golang prometheus/histogram.go), what most instrumented services export.
 */
export const DEFAULT_LATENCY_BUCKETS: readonly number[] = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

/**
 * The HTTP status a proxy in front of the Service would log for each outcome (docs/monitoring.md):
 * served 200; a full queue or no endpoint 503 (Envoy's overflow and "no healthy upstream"); the
 * caller's timeout 504; the pod lost mid-request 502 (connection reset by the upstream); a failed
 * call to a dependency 500 (the service answers with an error).
 */
export const STATUS_CODE: Readonly<Record<FailureReason | 'served', string>> = {
  served: '200',
  rejected: '503',
  noEndpoints: '503',
  timeout: '504',
  podLost: '502',
  dependency: '500',
};

interface ServiceCounts {
  labels: SeriesLabels;
  byCode: Map<string, number>;
  /** Served requests per bucket (not cumulative), the last one +Inf. */
  buckets: Float64Array;
  sumSeconds: number;
  count: number;
  /** Its series, made at the first scrape that sees it. */
  handles?: {
    codes: Map<string, StoredSeries>;
    buckets: StoredSeries[];
    sum: StoredSeries;
    count: StoredSeries;
  };
}

/**
 * `http_requests_total{namespace,service,code}` and the latency histogram
 * `http_request_duration_seconds{namespace,service}` of served requests, counted from the traffic
 * model's request ends (the whole run, warm-up included, as a server's counters count from start).
 */
export class RequestMetrics implements RequestObserver {
  private readonly services = new Map<string, ServiceCounts>();
  private readonly leLabels: string[];

  constructor(private readonly buckets: readonly number[] = DEFAULT_LATENCY_BUCKETS) {
    this.leLabels = [...buckets.map(formatLe), '+Inf'];
  }

  requestsEnded(service: string, failure: FailureReason | null, latency: Micros, count: number): void {
    const s = this.countsOf(service);
    const code = STATUS_CODE[failure ?? 'served'];
    s.byCode.set(code, (s.byCode.get(code) ?? 0) + count);
    if (failure !== null) return;
    const seconds = latency / MICROS_PER_SECOND;
    let i = 0;
    while (i < this.buckets.length && seconds > (this.buckets[i] as number)) i++;
    s.buckets[i] = (s.buckets[i] as number) + count;
    s.sumSeconds += seconds * count;
    s.count += count;
  }

  /** Declares the families (before the first scrape, so they exist even with no request). */
  declare(store: SeriesStore): void {
    store.declare({
      name: 'http_requests',
      type: 'counter',
      help: 'Requests to each Service that ended, by HTTP status code (kubesim maps failure reasons to codes).',
    });
    store.declare({
      name: 'http_request_duration_seconds',
      type: 'histogram',
      unit: 'seconds',
      help: 'Latency of the served requests of each Service, from arrival to answer (retries included).',
    });
  }

  /** Writes every counter's value at the open scrape. */
  collect(store: SeriesStore): void {
    for (const s of this.services.values()) {
      const h = s.handles ?? this.handlesOf(store, s);
      for (const [code, n] of s.byCode) {
        let series = h.codes.get(code);
        if (series === undefined) {
          series = store.series('http_requests_total', { ...s.labels, code });
          h.codes.set(code, series);
        }
        store.set(series, n);
      }
      let cumulative = 0;
      for (let i = 0; i < h.buckets.length; i++) {
        cumulative += s.buckets[i] as number;
        store.set(h.buckets[i] as StoredSeries, cumulative);
      }
      store.set(h.sum, s.sumSeconds);
      store.set(h.count, s.count);
    }
  }

  private handlesOf(store: SeriesStore, s: ServiceCounts): NonNullable<ServiceCounts['handles']> {
    s.handles = {
      codes: new Map(),
      buckets: this.leLabels.map((le) =>
        store.series('http_request_duration_seconds_bucket', { ...s.labels, le }),
      ),
      sum: store.series('http_request_duration_seconds_sum', s.labels),
      count: store.series('http_request_duration_seconds_count', s.labels),
    };
    return s.handles;
  }

  private countsOf(service: string): ServiceCounts {
    let s = this.services.get(service);
    if (!s) {
      s = {
        labels: serviceLabels(service),
        byCode: new Map(),
        buckets: new Float64Array(this.buckets.length + 1),
        sumSeconds: 0,
        count: 0,
      };
      this.services.set(service, s);
    }
    return s;
  }
}

/** A Service key "namespace/name" as labels; a key without a namespace keeps only `service`. */
function serviceLabels(key: string): SeriesLabels {
  const slash = key.indexOf('/');
  return slash < 0 ? { service: key } : { namespace: key.slice(0, slash), service: key.slice(slash + 1) };
}

/** A bucket bound as Prometheus' Go client writes `le` (shortest float text: 0.005, 1, 2.5). */
function formatLe(bound: number): string {
  return String(bound);
}
