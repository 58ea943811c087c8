import { MICROS_PER_SECOND, type Micros } from '../engine/time.js';

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
// per pod (5 000 and 20 000 pods) and 4.7 KB per node (10 000 nodes); a node costs 0.1 events per
// simulated second (its Lease renewed every 10 s) and a pod about 3 (created, bound, Ready). The
// engine processes 300 000–400 000 such events per CPU second.
/** Heap bytes per pod, rounded up from the measurement. */
export const BYTES_PER_POD = 4096;
/** Heap bytes per node, rounded up from the measurement. */
export const BYTES_PER_NODE = 5120;
/** Engine events per node per simulated second (kubelet Lease renewals, every 10 s). */
export const EVENTS_PER_NODE_SECOND = 0.1;
/** Engine events per pod over its life (creation, binding, start). */
export const EVENTS_PER_POD = 3;

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

/** Estimated engine events of a run with `nodes` nodes and `pods` pods over `duration`. */
export function estimateEvents(nodes: number, pods: number, duration: Micros): number {
  return Math.round(nodes * EVENTS_PER_NODE_SECOND * (duration / MICROS_PER_SECOND) + pods * EVENTS_PER_POD);
}
