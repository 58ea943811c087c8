import type { Diagnostic } from '../manifests/diagnostics.js';
import type { DisasterRecovery } from './backup.js';
import type { PriorityExpanderConfig } from './cluster-autoscaler.js';
import type { ClusterConfiguration, KubeletConfiguration } from './control-plane-config.js';
import type { HorizontalPodAutoscaler } from './hpa.js';
import type { Node } from './node.js';
import type { Pod } from './pod.js';
import type { Scenario } from './scenario.js';
import type { KubeSchedulerConfiguration } from './scheduler-config.js';
import type { Deployment, PodDisruptionBudget, PriorityClass, Service, StatefulSet } from './workloads.js';

/**
 * Everything the manifests layer hands to the simulation: validated, defaulted, typed. Pods here are
 * the standalone or pre-bound `kind: Pod` objects; workload pods are created by their controllers.
 */
export interface ClusterInput {
  scenario?: Scenario;
  nodes: Node[];
  pods: Pod[];
  deployments: Deployment[];
  statefulSets: StatefulSet[];
  services: Service[];
  podDisruptionBudgets: PodDisruptionBudget[];
  priorityClasses: PriorityClass[];
  /** autoscaling/v2 HPAs (v1 converted); always set by the loader, absent in inputs built by hand: none. */
  horizontalPodAutoscalers?: HorizontalPodAutoscaler[];
  schedulerConfiguration?: KubeSchedulerConfiguration;
  /** A kubeadm ClusterConfiguration among the files (docs/control-plane-config.md). */
  clusterConfiguration?: ClusterConfiguration;
  /** A KubeletConfiguration among the files, for every node. */
  kubeletConfiguration?: KubeletConfiguration;
  /** The cluster-autoscaler-priority-expander ConfigMap, parsed, when the input has one. */
  priorityExpander?: PriorityExpanderConfig;
  /** Velero Schedules, volumes and spec.backup, when the input has any (docs/disaster-recovery.md). */
  disasterRecovery?: DisasterRecovery;
  /**
   * Every warning of the load (fields and fault kinds not simulated yet, likely mistakes), with its
   * position, for the report's warnings[]: a report must not look as if something skipped was simulated.
   * Always set by the loader; absent in inputs built by hand (tests, notebooks).
   */
  warnings?: Diagnostic[];
}

/** The newest Kubernetes minor version whose defaults kubesim reproduces. */
export const DEFAULT_KUBERNETES_VERSION = '1.36';

/** The minor number of "1.32" (→ 32), for version-dependent defaults. */
export function kubernetesMinor(version: string): number {
  const m = /^v?1\.(\d+)/.exec(version);
  return m ? Number(m[1]) : Number(DEFAULT_KUBERNETES_VERSION.split('.')[1]);
}
