import type { Simulation } from '../engine/simulation.js';
import { MICROS_PER_MS, type Micros, seconds } from '../engine/time.js';
import type { GroundTruth } from '../ground-truth/ground-truth.js';
import type { CpuSources } from '../metrics/pod-metrics.js';
import type { MetricRegistry } from '../metrics/registry.js';
import type { ClusterState } from '../model/cluster-state.js';
import type { HorizontalPodAutoscaler } from '../model/hpa.js';
import type { TrafficSimulator } from '../traffic/traffic-simulator.js';
import { type HpaDesired, KubeStateMetrics } from './kube-state-metrics.js';
import { DEFAULT_LATENCY_BUCKETS, RequestMetrics } from './request-metrics.js';
import { ResourceMetrics } from './resource-metrics.js';
import { SeriesStore, type StoredSeries } from './series-store.js';

/**
 * The scrape interval: 30 s, the Prometheus Operator's default for ServiceMonitors (and so
 * kube-prometheus-stack's, the usual way Prometheus runs on Kubernetes); Prometheus' own global
 * default is 1 m and its example prometheus.yml uses 15 s.
 */
export const DEFAULT_SCRAPE_INTERVAL: Micros = seconds(30);

/** How long after its instant a scrape runs (one engine tick: µs). */
const SCRAPE_LAG: Micros = 1;

/** What to collect and how often. */
export interface MonitoringOptions {
  /** @default DEFAULT_SCRAPE_INTERVAL (30 s) */
  scrapeInterval?: Micros;
  /** Bound on the store's estimated memory (bytes). @default DEFAULT_MAX_BYTES (400 MB) */
  maxBytes?: number;
  /** Latency histogram bounds, seconds. @default DEFAULT_LATENCY_BUCKETS */
  latencyBuckets?: readonly number[];
}

/** The parts of a run the collector reads. */
export interface MonitoringSources {
  sim: Simulation;
  cluster: ClusterState;
  truth: GroundTruth;
  registry: MetricRegistry;
  traffic: TrafficSimulator | undefined;
  cpu: CpuSources;
  hpas: readonly HorizontalPodAutoscaler[];
  hpaDesired: HpaDesired;
}

/**
 * A Prometheus scraping the simulated cluster: kube-state-metrics, the kubelets' resource metrics,
 * the Services' request metrics and kubesim's own registry series, every `scrapeInterval` from the
 * run's start and once more at its end. All targets are scraped at the same instants (Prometheus
 * spreads targets over the interval; kubesim does not). It only exists when something asks for the
 * series (`--metrics-out`), so a run without it schedules no scrape.
 */
export class MonitoringCollector {
  readonly store: SeriesStore;
  readonly scrapeInterval: Micros;
  private readonly ksm: KubeStateMetrics;
  private readonly resources: ResourceMetrics;
  private readonly requests: RequestMetrics;
  /** The store's series of each registry series (registry series live as long as the run). */
  private readonly registryHandles = new Map<object, StoredSeries>();
  /** Registry metric name → its sample name here, once declared. */
  private readonly registryNames = new Map<string, string>();

  constructor(
    private readonly sources: MonitoringSources,
    options: MonitoringOptions = {},
  ) {
    this.scrapeInterval = options.scrapeInterval ?? DEFAULT_SCRAPE_INTERVAL;
    if (!(this.scrapeInterval >= MICROS_PER_MS))
      throw new RangeError(
        `Cannot collect metrics: the scrape interval must be >= 1ms: current value is ${this.scrapeInterval} µs`,
      );
    this.store = new SeriesStore({ maxBytes: options.maxBytes });
    this.ksm = new KubeStateMetrics(sources.cluster, sources.truth, sources.hpas, sources.hpaDesired);
    this.resources = new ResourceMetrics(sources.cluster, sources.truth, sources.cpu);
    this.requests = new RequestMetrics(options.latencyBuckets ?? DEFAULT_LATENCY_BUCKETS);
    this.ksm.declare(this.store);
    this.resources.declare(this.store);
    if (sources.traffic) this.requests.declare(this.store);
  }

  start(): void {
    this.sources.traffic?.observeRequests(this.requests);
    const sim = this.sources.sim;
    // A scrape stamped t runs 1 µs after t, so it sees everything that happened at t (as the report's
    // series do: the value at t is the last change at or before t), whatever order events at t had.
    sim.every(this.scrapeInterval, () => this.scrape(sim.now - SCRAPE_LAG), sim.now + SCRAPE_LAG);
  }

  /** The last scrape, at the run's end (after the traffic model has counted up to it). */
  finish(end: Micros): SeriesStore {
    const last = this.store.scrapeTimes[this.store.scrapeTimes.length - 1];
    if (last === undefined || end / MICROS_PER_MS > last) this.scrape(end);
    return this.store;
  }

  private scrape(now: Micros): void {
    if (!this.store.beginScrape(now / MICROS_PER_MS)) return;
    this.ksm.collect(this.store);
    this.resources.collect(this.store, now);
    if (this.sources.traffic) this.requests.collect(this.store);
    this.collectRegistry();
  }

  /**
   * kubesim's own series (machines down, available pods per workload, cost per hour, …) under their
   * registry names. Registry metrics named kube_* are left out: they are aggregates of what
   * kube-state-metrics writes per object under the same names here.
   */
  private collectRegistry(): void {
    for (const metric of this.sources.registry.all) {
      if (metric.name.startsWith('kube_')) continue;
      let sampleName = this.registryNames.get(metric.name);
      if (sampleName === undefined) {
        const counter = metric.type === 'counter';
        const family = this.store.declare({
          name: counter ? metric.name.replace(/_total$/, '') : metric.name,
          type: metric.type,
          help: metric.help,
        });
        sampleName = counter ? `${family.name}_total` : family.name;
        this.registryNames.set(metric.name, sampleName);
      }
      for (const series of metric.all()) {
        let handle = this.registryHandles.get(series);
        if (handle === undefined) {
          handle = this.store.series(sampleName, series.labels);
          this.registryHandles.set(series, handle);
        }
        this.store.set(handle, series.current);
      }
    }
  }
}
