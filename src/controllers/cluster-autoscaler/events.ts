import type { Micros } from '../../engine/time.js';

/** One node-group change the cluster-autoscaler made or gave up on, for the report's autoscaling.events[]. */
export interface ClusterAutoscalerEvent {
  at: Micros;
  /** "nodegroup/<pool>". */
  target: string;
  /** The group's target size before and after. */
  from: number;
  to: number;
  /** Upstream's event reason (TriggeredScaleUp, ScaleDown, ScaleDownEmpty, FailedToScaleUp, ScaleDownFailed), then what happened. */
  reason: string;
}

/** The report name of a node group. */
export function groupTarget(pool: string): string {
  return `nodegroup/${pool}`;
}
