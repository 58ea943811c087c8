import type { Micros } from '../engine/time.js';
import type { Labels } from './labels.js';
import type { ResourceList } from './resources.js';
import type { Taint } from './taints.js';

// Well-known labels (k8s.io/api/core/v1/well_known_labels.go).
export const LABEL_HOSTNAME = 'kubernetes.io/hostname';
export const LABEL_ZONE = 'topology.kubernetes.io/zone';
export const LABEL_REGION = 'topology.kubernetes.io/region';
export const LABEL_INSTANCE_TYPE = 'node.kubernetes.io/instance-type';
export const LABEL_OS = 'kubernetes.io/os';
export const LABEL_ARCH = 'kubernetes.io/arch';
/** Deprecated twins the kubelet still sets (pkg/kubelet/kubelet_node_status.go) and manifests still select on. */
export const LABEL_OS_BETA = 'beta.kubernetes.io/os';
export const LABEL_ARCH_BETA = 'beta.kubernetes.io/arch';
/** Set by kubesim on nodes it creates from a Scenario node pool. */
export const LABEL_NODE_POOL = 'kubesim.dev/node-pool';

/** Node Ready condition status. */
export type ConditionStatus = 'True' | 'False' | 'Unknown';

/** A node object with the status fields the simulation drives. */
export interface Node {
  readonly name: string;
  labels: Labels;
  /** metadata.annotations, when set (cluster-autoscaler.kubernetes.io/scale-down-disabled). */
  annotations?: Labels;
  taints: Taint[];
  /** What pods may request in total; must include "pods" (kubelet default maxPods 110). */
  allocatable: ResourceList;
  /** spec.unschedulable (kubectl cordon). */
  unschedulable: boolean;
  /** Ready condition as the API server sees it. */
  ready: ConditionStatus;
  /** USD per hour while the node exists (0 when unknown). */
  pricePerHour: number;
  pool?: string;
  createdAt: Micros;
}

/** The zone of a node: topology.kubernetes.io/zone, or "" when unlabelled. */
export function nodeZone(node: Pick<Node, 'labels'>): string {
  return node.labels[LABEL_ZONE] ?? '';
}
