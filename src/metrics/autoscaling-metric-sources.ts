import type { Micros } from '../engine/time.js';
import type { ClusterState } from '../model/cluster-state.js';
import type { MetricSteps, WorkloadMetrics } from '../model/hpa.js';
import { matchesMapSelector } from '../model/labels.js';
import { type Pod, podKey } from '../model/pod.js';
import type { TrafficConfig } from '../model/traffic.js';
import type { PodCpuMetrics } from './pod-metrics.js';

/**
 * What feeds the HPA's metrics besides cpu utilisation (docs/autoscaling.md, "Other metrics"), as a
 * custom or external metrics adapter would:
 * - a pod's request rate: the requests its CPU counter says it served per second over the last
 *   metrics-server window, Δ(CPU of requests) ÷ Δt ÷ CPU per request (the Service's `cpuPerRequest`,
 *   else its mean service time), so it is as stale as the cpu sample; milli-requests per second;
 * - a Service's request rate: the sum over the pods it selects that have a sample;
 * - External and Object series: the Scenario's spec.metrics value at the sync.
 */
export class HpaMetricSources {
  /** CPU seconds per request of each pod's Service, by pod key (cached: a pod's labels do not change). */
  private readonly cpuPerRequest = new Map<string, number | undefined>();

  constructor(
    private readonly cluster: ClusterState,
    private readonly podMetrics: PodCpuMetrics,
    private readonly traffic: TrafficConfig | undefined,
    private readonly series: WorkloadMetrics | undefined,
  ) {}

  /** The pod's requests per second over the last window, milli-units; undefined without a sample. */
  podRequestRateMilli(pod: Pod): number | undefined {
    const key = podKey(pod);
    const sample = this.podMetrics.sample(key);
    if (!sample) return undefined;
    let perRequest = this.cpuPerRequest.get(key);
    if (!this.cpuPerRequest.has(key)) {
      perRequest = this.cpuSecondsPerRequest(pod);
      this.cpuPerRequest.set(key, perRequest);
    }
    if (perRequest === undefined || perRequest <= 0) return 0;
    // Quantity.MilliValue rounds up, as the adapter's value is read.
    return Math.ceil((sample.requestCpuPerSecond / perRequest) * 1000);
  }

  /** Σ request rates of the pods `serviceKey` selects, milli-units; undefined when none has a sample. */
  serviceRequestRateMilli(serviceKey: string): number | undefined {
    const service = this.cluster.service(serviceKey);
    if (!service?.selector || Object.keys(service.selector).length === 0) return undefined;
    let total: number | undefined;
    for (const pod of this.cluster.pods) {
      if (pod.namespace !== service.namespace || !matchesMapSelector(service.selector, pod.labels)) continue;
      const rate = this.podRequestRateMilli(pod);
      if (rate !== undefined) total = (total ?? 0) + rate;
    }
    return total;
  }

  /** The Scenario's value of an External or Object metric at `now`, milli-units; undefined if not given. */
  seriesValueMilli(kind: 'external' | 'object', name: string, now: Micros): number | undefined {
    const steps = this.series?.[kind][name];
    return steps === undefined ? undefined : stepAt(steps, now);
  }

  /** The CPU per request of the first Service (by key) of the traffic configuration selecting the pod. */
  private cpuSecondsPerRequest(pod: Pod): number | undefined {
    const services = this.traffic?.services ?? {};
    for (const key of Object.keys(services).sort()) {
      const service = this.cluster.service(key);
      if (!service?.selector || Object.keys(service.selector).length === 0) continue;
      if (service.namespace !== pod.namespace || !matchesMapSelector(service.selector, pod.labels)) continue;
      const behaviour = services[key];
      if (!behaviour) continue;
      const us = behaviour.cpuPerRequest ?? behaviour.serviceTime.mean;
      return Number.isFinite(us) ? us / 1e6 : undefined;
    }
    return undefined;
  }
}

/** The value of stepwise `steps` at `t`: the last step at or before it, 0 before the first. */
export function stepAt(steps: MetricSteps, t: Micros): number {
  let value = 0;
  for (const s of steps) {
    if (s.at > t) break;
    value = s.milli;
  }
  return value;
}
