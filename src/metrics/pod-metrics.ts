import type { RandomStream } from '../engine/random.js';
import type { Simulation } from '../engine/simulation.js';
import { type Micros, seconds } from '../engine/time.js';
import type { GroundTruth } from '../ground-truth/ground-truth.js';
import type { ClusterState } from '../model/cluster-state.js';
import { matchesMapSelector } from '../model/labels.js';
import { type Pod, podKey } from '../model/pod.js';
import type { TrafficConfig } from '../model/traffic.js';

/**
 * metrics-server's scrape interval as shipped: --metric-resolution=15s
 * (kubernetes-sigs/metrics-server manifests/base/deployment.yaml; the binary's own default is 60 s).
 */
export const METRIC_RESOLUTION: Micros = seconds(15);

/** One pod's CPU as the resource metrics API serves it: the average over `window` ending at `timestamp`. */
export interface PodCpuSample {
  usageMilliCpu: number;
  /** The part from requests served (idle CPU excluded): CPU seconds per second over the window. */
  requestCpuPerSecond: number;
  timestamp: Micros;
  window: Micros;
}

/** Where CPU use comes from: the traffic model's cumulative CPU per pod, and a baseline per Service. */
export interface CpuSources {
  /** CPU seconds the pod's requests used since it started (TrafficModel.cpuSeconds). */
  cpuSeconds(podKey: string): number;
  /** Idle CPU (millicores) of the pods behind each Service, by Service key; Services absent use none. */
  idleMilliCpu: ReadonlyMap<string, number>;
}

/** A run's CPU sources: the traffic model's counters (none without traffic) and each Service's idleCpu. */
export function trafficCpuSources(
  traffic: { cpuSeconds(podKey: string): number } | undefined,
  config: TrafficConfig | undefined,
): CpuSources {
  const idle = Object.entries(config?.services ?? {}).filter(([, b]) => b.idleCpu > 0);
  return {
    cpuSeconds: (key) => traffic?.cpuSeconds(key) ?? 0,
    idleMilliCpu: new Map(idle.map(([key, b]) => [key, b.idleCpu])),
  };
}

/**
 * A metrics-server: every `resolution` it reads each running pod's cumulative CPU (the kubelet's
 * cAdvisor counter) and serves the rate since the previous read as the pod's sample. A pod has no
 * sample until it has been read twice while running (metrics-server needs two points for a rate), and
 * a pod whose containers do not run (machine down, crashed) is not read. The HPA reads the latest
 * sample, up to one resolution old. The first scrape falls at a random phase of the interval, since
 * metrics-server and the HPA controller do not run in step.
 */
export class PodCpuMetrics {
  private readonly counters = new Map<string, { cpuSeconds: number; at: Micros }>();
  private readonly samples = new Map<string, PodCpuSample>();
  /** Each pod's idle CPU, by key: a pod's labels and its Services do not change during a run. */
  private readonly idle = new Map<string, number>();

  constructor(
    private readonly cluster: ClusterState,
    private readonly truth: GroundTruth,
    private readonly sim: Simulation,
    private readonly sources: CpuSources,
    private readonly phase: RandomStream,
    private readonly resolution: Micros = METRIC_RESOLUTION,
  ) {}

  start(): void {
    const firstAt = this.sim.now + Math.floor(this.phase.next() * this.resolution);
    this.sim.every(this.resolution, () => this.scrape(), firstAt);
  }

  /** The pod's latest sample; undefined when metrics-server has none. */
  sample(key: string): PodCpuSample | undefined {
    return this.samples.get(key);
  }

  private scrape(): void {
    const now = this.sim.now;
    const seen = new Set<string>();
    for (const pod of this.cluster.pods) {
      if (pod.nodeName === undefined || !this.truth.isRunning(pod) || !this.truth.isUp(pod.nodeName))
        continue;
      const key = podKey(pod);
      seen.add(key);
      const cpuSeconds = this.sources.cpuSeconds(key);
      const previous = this.counters.get(key);
      this.counters.set(key, { cpuSeconds, at: now });
      if (!previous || cpuSeconds < previous.cpuSeconds || now <= previous.at) {
        this.samples.delete(key);
        continue;
      }
      const window = now - previous.at;
      // metrics-server serves whole nanocores; the HPA reads them with Quantity.MilliValue, rounding up.
      const nanoCores = Math.floor(
        ((cpuSeconds - previous.cpuSeconds) * 1e15) / window + this.idleOf(pod, key) * 1e6,
      );
      this.samples.set(key, {
        usageMilliCpu: Math.ceil(nanoCores / 1e6),
        requestCpuPerSecond: ((cpuSeconds - previous.cpuSeconds) * 1e6) / window,
        timestamp: now,
        window,
      });
    }
    for (const key of this.counters.keys()) {
      if (seen.has(key)) continue;
      this.counters.delete(key);
      this.samples.delete(key);
      this.idle.delete(key);
    }
  }

  /** The largest idle CPU of the Services selecting the pod (a pod behind two Services idles once). */
  private idleOf(pod: Pod, key: string): number {
    const known = this.idle.get(key);
    if (known !== undefined) return known;
    let idle = 0;
    for (const [serviceKey, milli] of this.sources.idleMilliCpu) {
      const service = this.cluster.service(serviceKey);
      if (!service?.selector || Object.keys(service.selector).length === 0) continue;
      if (service.namespace !== pod.namespace) continue;
      if (matchesMapSelector(service.selector, pod.labels)) idle = Math.max(idle, milli);
    }
    this.idle.set(key, idle);
    return idle;
  }
}
