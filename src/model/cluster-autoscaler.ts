import type { Micros } from '../engine/time.js';

/** The expanders kubesim runs (cluster-autoscaler/expander/expander.go names; grpc is not modelled). */
export const EXPANDER_NAMES = ['random', 'most-pods', 'least-waste', 'price', 'priority'] as const;
export type ExpanderName = (typeof EXPANDER_NAMES)[number];

/**
 * The cluster-autoscaler's settings, named after its flags (config/flags/flags.go), resolved: every
 * field set. `spec.cluster.autoscaler` in the Scenario; defaults in controllers/cluster-autoscaler/defaults.ts.
 */
export interface ClusterAutoscalerSettings {
  /** --expander: applied in order, each narrowing the options; ties end in random. */
  expanders: ExpanderName[];
  /** --scan-interval. */
  scanInterval: Micros;
  /** --max-node-provision-time: a node not registered by then is removed and its group backs off. */
  maxNodeProvisionTime: Micros;
  /** --scale-down-enabled. */
  scaleDownEnabled: boolean;
  /** --scale-down-utilization-threshold: max(cpu, memory) requests / allocatable below this is unneeded. */
  scaleDownUtilizationThreshold: number;
  /** --scale-down-unneeded-time. */
  scaleDownUnneededTime: Micros;
  /** --scale-down-unready-time: how long an unready node must be unneeded. */
  scaleDownUnreadyTime: Micros;
  /** --scale-down-delay-after-add. */
  scaleDownDelayAfterAdd: Micros;
  /** --scale-down-delay-after-delete (0: the scan interval). */
  scaleDownDelayAfterDelete: Micros;
  /** --scale-down-delay-after-failure. */
  scaleDownDelayAfterFailure: Micros;
  /** --max-graceful-termination-sec: how long a drain waits for evicted pods to go. */
  maxGracefulTerminationSec: number;
  /** --balance-similar-node-groups: split scale-ups across similar node groups. */
  balanceSimilarNodeGroups: boolean;
}

/** The priority expander's ConfigMap (kube-system/cluster-autoscaler-priority-expander), parsed. */
export interface PriorityExpanderConfig {
  /** Each priority with its node-group name patterns (Go RE2 syntax, matched unanchored). */
  priorities: { priority: number; patterns: string[] }[];
}
