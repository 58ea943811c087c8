import type { Distribution } from '../engine/distributions.js';
import type { ClusterAutoscalerSettings } from './cluster-autoscaler.js';
import type { Micros } from '../engine/time.js';
import type { Labels } from './labels.js';
import type { ResourceList } from './resources.js';
import type { Taint } from './taints.js';
import type { TrafficConfig } from './traffic.js';
import type { WorkloadBehaviour } from './workloads.js';

/** A group of identical nodes, created at start and (later) grown or shrunk by the cluster-autoscaler. */
export interface NodePool {
  name: string;
  instanceType: string;
  /** Allocatable resources of each node (cpu millis, memory bytes, pods, extended resources). */
  allocatable: ResourceList;
  pricePerHour: number;
  count: number;
  /** Nodes are spread over these zones round-robin; empty = no zone label. */
  zones: string[];
  labels: Labels;
  taints: Taint[];
  /** kubernetes.io/os of its nodes. @default "linux" */
  os?: string;
  /** kubernetes.io/arch of its nodes. @default "amd64" */
  arch?: string;
  /** Node-group bounds: a pool with `max` is scaled by the cluster-autoscaler; min @default 0. */
  min?: number;
  max?: number;
  /** Scale-up to Node registration; absent: DEFAULT_PROVISIONING_TIME (controllers/cluster-autoscaler). */
  provisioningTime?: Distribution;
  /** Annotations of its nodes (cluster-autoscaler.kubernetes.io/scale-down-disabled). */
  annotations?: Labels;
}

/** Which nodes a fault hits. With `node`, that node; otherwise `count` nodes of the pool/zone, in name order. */
export interface NodeTarget {
  node?: string;
  pool?: string;
  zone?: string;
  count: number;
}

/** A node stops (power loss, kernel panic): kubelet silent, pods stop serving; recovers after `for`. */
export interface NodeCrashFault {
  kind: 'nodeCrash';
  at: Micros;
  target: NodeTarget;
  /** Down time; undefined = never recovers. */
  for?: Micros;
}

/** A node reboots: down at `at`, up again after `bootTime` (a short nodeCrash with a default length). */
export interface NodeRebootFault {
  kind: 'nodeReboot';
  at: Micros;
  target: NodeTarget;
  bootTime: Micros;
}

/** The kubelet process stops: machine and containers keep running, nothing is reported; back after `for`. */
export interface KubeletStopFault {
  kind: 'kubeletStop';
  at: Micros;
  target: NodeTarget;
  /** Undefined = never restarts. */
  for?: Micros;
}

/** Which pods a pod fault hits: pods of the Deployment or StatefulSet named `workload`. */
export interface WorkloadTarget {
  workload: string;
}

/**
 * Containers exit (the process crashes). Either once at `at`, hitting `count` running pods of the
 * workload, or (with `interval`) from `at` on, for `for`, crashes of one running pod at a time with
 * exponentially distributed gaps of mean `interval`.
 */
export interface PodCrashFault {
  kind: 'podCrash';
  at: Micros;
  target: WorkloadTarget & { count: number };
  interval?: Micros;
  for?: Micros;
}

/**
 * From `at` on, every pod of the workload exits `exits` times after its containers start, each time
 * `after` running (a bad release, a missing dependency): CrashLoopBackOff's classic case.
 */
export interface CrashLoopFault {
  kind: 'crashLoop';
  at: Micros;
  target: WorkloadTarget;
  exits: number;
  after: Micros;
}

/** The workload's readiness or liveness probe fails from `at`, for `for` (undefined = until the end). */
export interface ProbeFailureFault {
  kind: 'probeFailure';
  at: Micros;
  target: WorkloadTarget;
  probe: 'readiness' | 'liveness';
  for?: Micros;
}

export type Fault =
  | NodeCrashFault
  | NodeRebootFault
  | KubeletStopFault
  | PodCrashFault
  | CrashLoopFault
  | ProbeFailureFault;

/** The `kind: Scenario` document after validation and defaulting. */
export interface Scenario {
  name: string;
  /** Where it was read from, for messages. */
  file: string;
  seed: number;
  duration: Micros;
  /** Statistics ignore [0, warmup). */
  warmup: Micros;
  /** "1.36": picks version-dependent defaults. */
  kubernetesVersion: string;
  zones: string[];
  nodePools: NodePool[];
  /** Per workload name (Deployment or StatefulSet). */
  services: Record<string, WorkloadBehaviour>;
  faults: Fault[];
  /** Workloads, per-Service request behaviour and SLOs; undefined when the Scenario has no workload. */
  traffic?: TrafficConfig;
  /** spec.cluster.autoscaler resolved; undefined in Scenarios built by hand (then the defaults). */
  clusterAutoscaler?: ClusterAutoscalerSettings;
}
