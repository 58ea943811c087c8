import type { Micros } from '../engine/time.js';
import type { GroundTruth } from '../ground-truth/ground-truth.js';
import type { ClusterState } from '../model/cluster-state.js';
import type { Pod } from '../model/pod.js';
import { objectKey } from '../model/pod.js';
import type { Workload } from '../model/workloads.js';
import { TimeAtCount } from './time-at-count.js';
import { TimeWeightedValue } from './time-weighted.js';

/**
 * A pod that serves: its containers really run (ground truth), it is Ready and it is not being
 * deleted; so exactly the pods that are ready endpoints of their Service and can answer.
 */
export function isAvailable(pod: Pod, truth: GroundTruth): boolean {
  return pod.ready && pod.deletionTimestamp === undefined && truth.isRunning(pod);
}

export interface WorkloadAvailability {
  workload: string;
  kind: Workload['kind'];
  replicas: number;
  /** Time-average of min(available, replicas) / replicas. */
  availability: number;
  /** Fraction of time with at least one available pod. */
  anyAvailable: number;
  /** Fraction of time with every replica available. */
  fullyAvailable: number;
  minAvailablePods: number;
  /**
   * Fraction of the window with exactly i available pods, i = 0 … max(replicas, most ever available);
   * the entries sum to 1.
   */
  availablePodsTimeFraction: number[];
}

/** One change seen by the tracker: a pod started or stopped serving, or the desired count changed. */
export interface AvailabilityChange {
  /** "namespace/name" of the workload. */
  workload: string;
  available: number;
  desired: number;
  /** The pod that started (`serving`) or stopped serving; absent when only `desired` changed. */
  pod?: Pod;
  serving?: boolean;
}

interface Tracked {
  workload: Workload;
  available: Set<Pod>;
  ratio: TimeWeightedValue;
  any: TimeWeightedValue;
  full: TimeWeightedValue;
  count: TimeWeightedValue;
  desiredArea: TimeWeightedValue;
  servedArea: TimeWeightedValue;
  atCount: TimeAtCount;
}

function key(w: Workload): string {
  return objectKey(w.namespace, w.name);
}

/** Tracks, exactly in simulated time, how many pods of each workload serve. */
export class AvailabilityTracker {
  private readonly tracked = new Map<string, Tracked>();
  private readonly listeners: ((change: AvailabilityChange) => void)[] = [];
  /** 1 while every workload with desired replicas has at least one available pod. */
  private readonly allServing: TimeWeightedValue;
  private workloadsDown = 0;

  constructor(
    cluster: ClusterState,
    private readonly truth: GroundTruth,
    private readonly now: () => Micros,
    windowStart: Micros,
  ) {
    for (const w of cluster.workloads) {
      const t0 = now();
      const zero = w.replicas === 0 ? 1 : 0;
      this.tracked.set(objectKey(w.namespace, w.name), {
        workload: w,
        available: new Set(),
        ratio: new TimeWeightedValue(zero, t0, windowStart),
        any: new TimeWeightedValue(zero, t0, windowStart),
        full: new TimeWeightedValue(zero, t0, windowStart),
        count: new TimeWeightedValue(0, t0, windowStart),
        desiredArea: new TimeWeightedValue(w.replicas, t0, windowStart),
        servedArea: new TimeWeightedValue(0, t0, windowStart),
        atCount: new TimeAtCount(0, t0, windowStart),
      });
      if (w.replicas > 0) this.workloadsDown++;
    }
    this.allServing = new TimeWeightedValue(this.workloadsDown === 0 ? 1 : 0, now(), windowStart);
    cluster.watch((event) => {
      switch (event.type) {
        case 'PodUpdated':
        case 'ContainersUpdated':
        case 'PodDeleted':
          if (event.pod.owner) this.observe(event.pod, event.type === 'PodDeleted');
          break;
        case 'WorkloadUpdated': {
          const t = this.tracked.get(key(event.workload));
          if (t) this.update(t, key(event.workload));
          break;
        }
      }
    });
  }

  private observe(pod: Pod, deleted: boolean): void {
    const workload = (pod.owner as { key: string }).key;
    const t = this.tracked.get(workload);
    if (!t) return;
    const had = t.available.has(pod);
    const has = !deleted && isAvailable(pod, this.truth);
    if (had === has) return;
    if (has) t.available.add(pod);
    else t.available.delete(pod);
    this.update(t, workload, pod, has);
  }

  /** Calls `listener` after every change of a workload's available or desired pods (incidents). */
  onChange(listener: (change: AvailabilityChange) => void): void {
    this.listeners.push(listener);
  }

  /** Whether every replica of `workload` ("namespace/name") serves now; true for one not tracked. */
  isFullyAvailable(workload: string): boolean {
    const t = this.tracked.get(workload);
    return !t || t.available.size >= t.workload.replicas;
  }

  private update(t: Tracked, workload: string, pod?: Pod, serving?: boolean): void {
    const now = this.now();
    const desired = t.workload.replicas;
    const n = t.available.size;
    const wasDown = t.any.current === 0;
    t.ratio.set(desired === 0 ? 1 : Math.min(n, desired) / desired, now);
    t.any.set(n > 0 || desired === 0 ? 1 : 0, now);
    t.full.set(n >= desired ? 1 : 0, now);
    t.count.set(n, now);
    t.desiredArea.set(desired, now);
    t.servedArea.set(Math.min(n, desired), now);
    t.atCount.set(n, now);
    const isDown = t.any.current === 0;
    if (wasDown !== isDown) {
      this.workloadsDown += isDown ? 1 : -1;
      this.allServing.set(this.workloadsDown === 0 ? 1 : 0, now);
    }
    const change: AvailabilityChange = { workload, available: n, desired };
    if (pod) {
      change.pod = pod;
      change.serving = serving as boolean;
    }
    for (const listener of this.listeners) listener(change);
  }

  /**
   * Per-workload results, the overall pod availability Σ∫min(avail, desired) / Σ∫desired, and the
   * fraction of time every workload had at least one available pod.
   */
  finish(end: Micros): { overall: number; allWorkloadsServing: number; workloads: WorkloadAvailability[] } {
    let served = 0;
    let wanted = 0;
    const workloads: WorkloadAvailability[] = [];
    for (const [key, t] of this.tracked) {
      const ratio = t.ratio.summary(end);
      served += t.servedArea.area(end);
      wanted += t.desiredArea.area(end);
      workloads.push({
        workload: key,
        kind: t.workload.kind,
        replicas: t.workload.replicas,
        availability: ratio?.mean ?? 1,
        anyAvailable: t.any.summary(end)?.mean ?? 1,
        fullyAvailable: t.full.summary(end)?.mean ?? 1,
        minAvailablePods: t.count.summary(end)?.min ?? t.available.size,
        availablePodsTimeFraction: t.atCount.fractions(end, t.workload.replicas + 1),
      });
    }
    return {
      overall: wanted === 0 ? 1 : served / wanted,
      allWorkloadsServing: this.allServing.summary(end)?.mean ?? 1,
      workloads,
    };
  }
}
