import { MICROS_PER_SECOND, type Micros } from '../engine/time.js';
import type { GroundTruth } from '../ground-truth/ground-truth.js';
import { type CpuSources, idleMilliCpuOf } from '../metrics/pod-metrics.js';
import type { ClusterState } from '../model/cluster-state.js';
import type { SeriesStore, StoredSeries } from './series-store.js';

/** What the collector remembers of one pod between scrapes. */
interface PodCpu {
  /** The container counter at the last scrape; 0 while not running. */
  counter: number;
  /** Whether its containers ran at the last scrape. */
  running: boolean;
  /** Its series (made when first seen running), with the node it names. */
  series?: { node: string; handle: StoredSeries };
  at: Micros;
}

/**
 * CPU counters as the kubelet's resource metrics endpoint (/metrics/resource, the one metrics-server
 * scrapes) names them: `container_cpu_usage_seconds_total{namespace,pod,container,node}` for each
 * running pod and `node_cpu_usage_seconds_total{node}` for each node whose machine is up. A pod's CPU
 * is the traffic model's CPU per request plus its Services' idle CPU over the time it runs; a restart
 * (new container) starts its counter again from 0, as cAdvisor's does. kubesim runs a pod's
 * containers as one unit, so the series is named after the pod's first container.
 */
export class ResourceMetrics {
  private readonly pods = new Map<number, PodCpu>();
  /**
   * The traffic model's CPU seconds per pod name at the last scrape. The model counts by name and
   * never resets (a StatefulSet pod replaced under its name goes on counting), so this is kept by
   * name for as long as the model has CPU for it: no more entries than the model's own pods.
   */
  private readonly trafficSeen = new Map<string, number>();
  /** Each node's counter: the sum of its pods' increments since the node was first seen. */
  private readonly nodes = new Map<string, number>();

  constructor(
    private readonly cluster: ClusterState,
    private readonly truth: GroundTruth,
    private readonly sources: CpuSources,
  ) {}

  declare(store: SeriesStore): void {
    store.declare({
      name: 'container_cpu_usage_seconds',
      type: 'counter',
      unit: 'seconds',
      help: "Cumulative CPU time of the pod's containers (kubelet /metrics/resource).",
    });
    store.declare({
      name: 'node_cpu_usage_seconds',
      type: 'counter',
      unit: 'seconds',
      help: 'Cumulative CPU time of the pods on the node (kubelet /metrics/resource; no system daemons).',
    });
  }

  collect(store: SeriesStore, now: Micros): void {
    const present = new Set<number>();
    const increments = new Map<string, number>();
    for (const pod of this.cluster.pods) {
      present.add(pod.uid);
      const key = `${pod.namespace}/${pod.name}`;
      const traffic = this.sources.cpuSeconds(key);
      const trafficBefore = this.trafficSeen.get(key) ?? 0;
      if (traffic > 0) this.trafficSeen.set(key, traffic);
      const before = this.pods.get(pod.uid);
      const node = pod.nodeName;
      if (node === undefined || !this.truth.isRunning(pod) || !this.truth.isUp(node)) {
        this.pods.set(pod.uid, { counter: 0, running: false, at: now, series: before?.series });
        continue;
      }
      const runningSince = this.truth.containersOf(pod).since;
      const idleCores = idleMilliCpuOf(pod, this.cluster, this.sources) / 1000;
      // A container not running at the last scrape, or started since, is a new one: its counter
      // starts at 0 (the CPU between the last scrape and its start is counted in it, a small excess).
      const fresh = before === undefined || !before.running || runningSince > before.at;
      const from = fresh ? runningSince : before.at;
      const increment = traffic - trafficBefore + (idleCores * (now - from)) / MICROS_PER_SECOND;
      const counter = (fresh ? 0 : before.counter) + increment;
      const series =
        before?.series?.node === node
          ? before.series
          : {
              node,
              handle: store.series('container_cpu_usage_seconds_total', {
                namespace: pod.namespace,
                pod: pod.name,
                container: pod.spec.containers[0]?.name ?? pod.name,
                node,
              }),
            };
      this.pods.set(pod.uid, { counter, running: true, at: now, series });
      increments.set(node, (increments.get(node) ?? 0) + increment);
      store.set(series.handle, counter);
    }
    for (const uid of this.pods.keys()) if (!present.has(uid)) this.pods.delete(uid);
    for (const node of this.cluster.nodes) {
      if (!this.truth.isUp(node.name)) continue;
      const total = (this.nodes.get(node.name) ?? 0) + (increments.get(node.name) ?? 0);
      this.nodes.set(node.name, total);
      store.record('node_cpu_usage_seconds_total', { node: node.name }, total);
    }
  }
}
