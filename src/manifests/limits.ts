import { MICROS_PER_SECOND, type Micros } from '../engine/time.js';
import type { ArrivalProcess } from '../model/traffic.js';

/**
 * Size limits, checked on the loaded input before anything is simulated, so that a typo (`replicas:
 * 3000000`, `duration: 300000h`) is refused with a reason instead of exhausting the machine's memory or
 * running for years. Each can be raised on the command line (--max-pods, --max-nodes, --max-events).
 */
export interface SizeLimits {
  /** Pods the run creates: Σ replicas of Deployments and StatefulSets, plus standalone Pods. */
  maxPods: number;
  /** Nodes the run may have: Node objects plus, per pool, max(count, max). */
  maxNodes: number;
  /** Events the engine would process (estimate, see EVENTS_PER_NODE_SECOND). */
  maxEvents: number;
}

// Measured with `simulate()` on the built library (Node 20, 2 cores): the heap grows by 2.2–3.6 KB
// per pod (5 000 and 20 000 pods) and 4.7 KB per node (10 000 nodes); a pod costs about 3 events
// (created, bound, Ready) and a node a few (its kubelet starting, its first Lease renewals). A healthy
// node costs nothing per simulated second (Leases are renewal cadences, the node monitor sleeps:
// docs/simulation.md); what still polls are the autoscalers' loops. The engine processes
// 300 000–400 000 such events per CPU second.
/** Heap bytes per pod, rounded up from the measurement. */
export const BYTES_PER_POD = 4096;
/** Heap bytes per node, rounded up from the measurement. */
export const BYTES_PER_NODE = 5120;
/** Engine events per node over the run (kubelet start, first Lease renewals). */
export const EVENTS_PER_NODE = 5;
/** Engine events per pod over its life (creation, binding, start). */
export const EVENTS_PER_POD = 3;
/** Engine events per simulated second of each HorizontalPodAutoscaler: its sync and its metrics scrape, every 15 s. */
export const EVENTS_PER_HPA_SECOND = 2 / 15;
/** Engine events per simulated second of the cluster-autoscaler (its loop every 10 s). */
export const EVENTS_PER_CLUSTER_AUTOSCALER_SECOND = 1 / 10;

/**
 * The defaults keep a run within about 1 GiB of heap (Node's default heap is about 4 GB) and about an
 * hour of CPU: 200 000 pods × 4 KiB ≈ 0.8 GiB, 50 000 nodes × 5 KiB ≈ 0.25 GiB, 10⁹ events at
 * ~300 000 per second ≈ 1 h.
 */
export const DEFAULT_LIMITS: Readonly<SizeLimits> = {
  maxPods: 200_000,
  maxNodes: 50_000,
  maxEvents: 1_000_000_000,
};

/** What a run would hold and do. */
export interface SizeEstimate {
  pods: number;
  nodes: number;
  events: number;
}

/** Engine events per request at request level (arrival, service start, completion). */
export const EVENTS_PER_REQUEST = 3;

/** What costs events for the whole run, whatever else happens. */
export interface PeriodicWork {
  hpas: number;
  clusterAutoscaler: boolean;
  /** Requests per second offered at request level (the peak of each workload's arrivals); 0 without. */
  requestsPerSecond: number;
}

/** The highest rate an arrival process reaches: the estimate's bound on its requests per second. */
export function peakRate(arrivals: ArrivalProcess): number {
  switch (arrivals.kind) {
    case 'poisson':
      return arrivals.rate;
    case 'diurnal':
      return arrivals.mean * (1 + Math.abs(arrivals.amplitude));
    case 'flashCrowd':
      return Math.max(arrivals.from, arrivals.to);
    case 'steps':
    case 'trace':
      return Math.max(0, ...arrivals.steps.map((s) => s.rate));
  }
}

/**
 * Estimated engine events of a run with `nodes` nodes and `pods` pods over `duration`: what is
 * created, the loops that poll, and the requests at their peak rate. Faults and operations add their
 * own events, which this leaves out.
 */
export function estimateEvents(
  nodes: number,
  pods: number,
  duration: Micros,
  periodic: PeriodicWork,
): number {
  const perSecond =
    periodic.hpas * EVENTS_PER_HPA_SECOND +
    (periodic.clusterAutoscaler ? EVENTS_PER_CLUSTER_AUTOSCALER_SECOND : 0) +
    periodic.requestsPerSecond * EVENTS_PER_REQUEST;
  return Math.round(
    nodes * EVENTS_PER_NODE + pods * EVENTS_PER_POD + perSecond * (duration / MICROS_PER_SECOND),
  );
}
