import { quantileSorted } from 'simple-statistics';
import type { Micros } from '../engine/time.js';
import { MICROS_PER_SECOND } from '../engine/time.js';
import type { ClusterState } from '../model/cluster-state.js';
import type { Pod } from '../model/pod.js';
import { podKey } from '../model/pod.js';

export interface DistributionSummary {
  count: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface SchedulingMetrics {
  podsCreated: number;
  podsScheduled: number;
  podsDeleted: number;
  /** Time from creation to binding, in seconds, for every pod bound during the run. */
  pendingSeconds: DistributionSummary;
  /** Pods still unbound at the end, with kube-scheduler's last message for each. */
  pendingAtEnd: { pod: string; pendingSeconds: number; reason: string }[];
}

/** The reason shown for a pending pod kube-scheduler has not tried yet. */
export const NOT_YET_ATTEMPTED = 'not yet attempted';

/** Summarises samples (any order) with exact order statistics. */
export function summarise(samples: number[]): DistributionSummary {
  if (samples.length === 0) return { count: 0, mean: 0, p50: 0, p95: 0, p99: 0, max: 0 };
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  return {
    count: sorted.length,
    mean,
    p50: quantileSorted(sorted, 0.5),
    p95: quantileSorted(sorted, 0.95),
    p99: quantileSorted(sorted, 0.99),
    max: sorted[sorted.length - 1] as number,
  };
}

/**
 * Counts pod creations, bindings and deletions, and how long pods waited for a node, over the whole
 * run: the first scheduling of every pod is part of what a user asks about, warm-up or not.
 */
export class SchedulingTracker {
  private created = 0;
  private deleted = 0;
  private readonly pendingSamples: number[] = [];

  constructor(private readonly cluster: ClusterState) {
    cluster.watch((event) => {
      if (event.type === 'PodAdded') this.created++;
      else if (event.type === 'PodDeleted') this.deleted++;
      else if (event.type === 'PodBound') {
        this.pendingSamples.push(
          ((event.pod.scheduledAt as Micros) - event.pod.createdAt) / MICROS_PER_SECOND,
        );
      }
    });
  }

  finish(end: Micros): SchedulingMetrics {
    const pending: Pod[] = [...this.cluster.pods].filter(
      (p) => p.nodeName === undefined && !p.deletionTimestamp,
    );
    return {
      podsCreated: this.created,
      podsScheduled: this.pendingSamples.length,
      podsDeleted: this.deleted,
      pendingSeconds: summarise(this.pendingSamples),
      pendingAtEnd: pending.map((p) => ({
        pod: podKey(p),
        pendingSeconds: (end - p.createdAt) / MICROS_PER_SECOND,
        reason: p.unschedulableMessage ?? NOT_YET_ATTEMPTED,
      })),
    };
  }
}
