import type { Micros } from '../engine/time.js';
import type { ClusterState } from '../model/cluster-state.js';
import type { HorizontalPodAutoscaler } from '../model/hpa.js';
import { objectKey } from '../model/pod.js';
import type { AvailabilityTracker } from './availability.js';
import type { MetricRegistry } from './registry.js';

/** One HPA scale-up episode: from the rescale that raised the target to the moment enough pods served. */
export interface ScaleUpEpisode {
  /** The HPA, "namespace/name". */
  hpa: string;
  /** The scaled workload, "namespace/name". */
  workload: string;
  start: Micros;
  /** Replicas before the first rescale of the episode. */
  from: number;
  /** The highest spec.replicas the HPA set while the episode was open. */
  to: number;
  /** When the available pods first reached spec.replicas; undefined: not by the end of the run. */
  end?: Micros;
}

/** What one HPA sync decided, for the series (the HPA's status.desiredReplicas and the metrics' proposal). */
export interface HpaSyncObservation {
  /**
   * The proposal of the metrics before stabilisation, bounds and rate (the largest over its metrics);
   * undefined when the sync clamped a count outside [minReplicas, maxReplicas] without reading metrics.
   */
  metricDesiredReplicas?: number;
  /** status.desiredReplicas: the normalised count this sync. */
  desiredReplicas: number;
}

/** The series names: the public contract the charts read (docs/autoscaling.md, Report). */
export const AUTOSCALING_METRICS = {
  replicas: 'kubesim_workload_replicas',
  desiredReplicas: 'kube_horizontalpodautoscaler_status_desired_replicas',
  metricDesiredReplicas: 'kubesim_hpa_metric_desired_replicas',
  pendingPods: 'kubesim_workload_pods_pending',
} as const;

/**
 * The HPAs' side of the autoscaling series, written to the run's MetricRegistry as things change, and
 * the scale-up episodes. Per HPA target: spec.replicas, Pending pods; per HPA: status.desiredReplicas
 * and the metrics' proposal at each sync. Ready pods per workload are ClusterSeriesTracker's
 * `kubesim_workload_pods_available`; nodes per pool and the cost rate are NodePoolSeries'.
 *
 * An episode opens at an HPA rescale upwards while none is open for that HPA, follows every later
 * rescale (its `to` is the highest count set), and closes the first time the target's available pods
 * (running, Ready, not terminating: AvailabilityTracker) reach its spec.replicas.
 */
export class AutoscalingSeries {
  private readonly replicas;
  private readonly desired;
  private readonly metricDesired;
  private readonly pending;
  /** Pending pods per HPA target workload, by uid. */
  private readonly pendingPods = new Map<string, Set<number>>();
  /** Available pods and spec.replicas of each target, as AvailabilityTracker last reported them. */
  private readonly latest = new Map<string, { available: number; desired: number }>();
  private readonly open = new Map<string, ScaleUpEpisode>();
  readonly episodes: ScaleUpEpisode[] = [];

  constructor(
    cluster: ClusterState,
    registry: MetricRegistry,
    availability: AvailabilityTracker,
    hpas: readonly HorizontalPodAutoscaler[],
    private readonly now: () => Micros,
  ) {
    this.replicas = registry.gauge(
      AUTOSCALING_METRICS.replicas,
      "spec.replicas of each HPA's target workload.",
    );
    this.desired = registry.gauge(
      AUTOSCALING_METRICS.desiredReplicas,
      'status.desiredReplicas of each HPA: the normalised count of its last sync.',
    );
    this.metricDesired = registry.gauge(
      AUTOSCALING_METRICS.metricDesiredReplicas,
      "The replicas each HPA's metrics proposed at its last sync, before stabilisation, bounds and rate limits.",
    );
    this.pending = registry.gauge(
      AUTOSCALING_METRICS.pendingPods,
      "Pending pods (not bound to a node) of each HPA's target workload.",
    );
    for (const hpa of hpas) {
      const workload = objectKey(hpa.namespace, hpa.target.name);
      const w = cluster.workload(workload);
      const current = w?.replicas ?? 0;
      this.replicas.set({ workload }, current);
      this.pendingPods.set(workload, new Set());
      for (const pod of cluster.pods)
        if (pod.owner?.key === workload && pod.phase === 'Pending')
          this.pendingPods.get(workload)?.add(pod.uid);
      this.pending.set({ workload }, this.pendingPods.get(workload)?.size ?? 0);
      this.latest.set(workload, { available: 0, desired: current });
      const hpaKey = objectKey(hpa.namespace, hpa.name);
      this.desired.set({ horizontalpodautoscaler: hpaKey }, current);
      this.metricDesired.set({ horizontalpodautoscaler: hpaKey }, current);
    }
    availability.onChange((c) => {
      const l = this.latest.get(c.workload);
      if (!l) return;
      l.available = c.available;
      l.desired = c.desired;
      this.replicas.set({ workload: c.workload }, c.desired);
      for (const episode of this.open.values())
        if (episode.workload === c.workload) this.maybeClose(episode, l);
    });
    cluster.watch((e) => {
      if (e.type !== 'PodAdded' && e.type !== 'PodUpdated' && e.type !== 'PodDeleted') return;
      const owner = e.pod.owner?.key;
      const set = owner === undefined ? undefined : this.pendingPods.get(owner);
      if (!set || owner === undefined) return;
      const before = set.size;
      if (e.type !== 'PodDeleted' && e.pod.phase === 'Pending') set.add(e.pod.uid);
      else set.delete(e.pod.uid);
      if (set.size !== before) this.pending.set({ workload: owner }, set.size);
    });
  }

  /** An HPA sync: its status.desiredReplicas and its metrics' proposal. */
  sync(hpa: string, observation: HpaSyncObservation): void {
    this.desired.set({ horizontalpodautoscaler: hpa }, observation.desiredReplicas);
    if (observation.metricDesiredReplicas !== undefined)
      this.metricDesired.set({ horizontalpodautoscaler: hpa }, observation.metricDesiredReplicas);
  }

  /** An HPA rescale of `workload` ("namespace/name"): opens or extends a scale-up episode. */
  rescale(hpa: string, workload: string, from: number, to: number): void {
    const episode = this.open.get(hpa);
    if (episode) {
      episode.to = Math.max(episode.to, to);
    } else {
      if (to <= from) return;
      const opened: ScaleUpEpisode = { hpa, workload, start: this.now(), from, to };
      this.open.set(hpa, opened);
      this.episodes.push(opened);
    }
    // The scale's WorkloadUpdated has already been seen; compare with `to` all the same.
    const l = this.latest.get(workload);
    const current = this.open.get(hpa);
    if (l && current) this.maybeClose(current, { available: l.available, desired: Math.max(l.desired, to) });
  }

  private maybeClose(episode: ScaleUpEpisode, l: { available: number; desired: number }): void {
    if (l.available < l.desired) return;
    episode.end = this.now();
    this.open.delete(episode.hpa);
  }
}
