import type { Distribution } from '../engine/distributions.js';
import type { Micros } from '../engine/time.js';
import type { MonitoringSpec } from '../monitoring/rules.js';
import type { BatchConfig } from './batch.js';
import type { ClusterAutoscalerSettings } from './cluster-autoscaler.js';
import type { WorkloadMetrics } from './hpa.js';
import type { Labels } from './labels.js';
import type { Operation } from './operations.js';
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
  /** With `image`, only pods running a container of that image fail (a broken release). */
  target: WorkloadTarget & { image?: string };
  probe: 'readiness' | 'liveness';
  for?: Micros;
}

/** Which nodes a fault that acts on a set of nodes hits: the node, or the nodes of the pool and/or zone. */
export interface NodeSelection {
  node?: string;
  pool?: string;
  zone?: string;
  /** At most this many of them, in name order; undefined = every matching node. */
  count?: number;
}

/** Every machine of the zone (and the control-plane members placed there) goes down for `for`. */
export interface ZoneOutageFault {
  kind: 'zoneOutage';
  at: Micros;
  target: { zone: string };
  /** Undefined = never recovers. */
  for?: Micros;
}

/**
 * The nodes are cut off from the control plane for `for`: their pods keep running (and serving the
 * traffic still sent to them), but their kubelets can neither renew their Leases nor see API changes.
 */
export interface NetworkPartitionFault {
  kind: 'networkPartition';
  at: Micros;
  target: NodeSelection;
  for?: Micros;
}

/** Service times of the requests served by pods on the nodes are multiplied by `factor` for `for`. */
export interface SlowNodeFault {
  kind: 'slowNode';
  at: Micros;
  target: NodeSelection;
  factor: number;
  for?: Micros;
}

/** `count` etcd members (with their API servers) are lost at `at`, for `for`. */
export interface ControlPlaneMemberLossFault {
  kind: 'controlPlaneMemberLoss';
  at: Micros;
  count: number;
  for?: Micros;
}

/**
 * Random node failures: from `at` (0 unless given) for `for` (to the end unless given), each node of
 * the target fails after a time drawn from `mtbf` and is repaired after one drawn from `mttr`,
 * independently of the others.
 */
export interface NodeFailuresFault {
  kind: 'nodeFailures';
  at: Micros;
  target: { pool?: string; zone?: string };
  mtbf: Distribution;
  mttr: Distribution;
  for?: Micros;
}

/** Random zone failures: each zone of the target (all if unset) fails and is repaired as a whole. */
export interface ZoneFailuresFault {
  kind: 'zoneFailures';
  at: Micros;
  target: { zone?: string };
  mtbf: Distribution;
  mttr: Distribution;
  for?: Micros;
}

export type Fault =
  | NodeCrashFault
  | NodeRebootFault
  | KubeletStopFault
  | PodCrashFault
  | CrashLoopFault
  | ProbeFailureFault
  | ZoneOutageFault
  | NetworkPartitionFault
  | SlowNodeFault
  | ControlPlaneMemberLossFault
  | NodeFailuresFault
  | ZoneFailuresFault
  | DisasterFault;

/**
 * A disaster that backups are for (docs/disaster-recovery.md): the whole cluster or its region lost,
 * etcd's data lost, a namespace deleted, a volume's data corrupted. Recovery is the restore procedure
 * from the newest usable backup, never `for`.
 */
export interface DisasterFault {
  kind: 'clusterLost' | 'regionLost' | 'etcdDataLost' | 'namespaceDeleted' | 'volumeCorrupted';
  /** When it strikes; with `between`, drawn uniformly from it on the fault's own random stream. */
  at: Micros;
  between?: [Micros, Micros];
  /** namespaceDeleted: the namespace; volumeCorrupted: the volume, `namespace/pvc`. */
  target?: string;
}

/**
 * The control plane: `members` etcd members, each with its API server (stacked etcd), placed in
 * `zones` round-robin (none: out of reach of zone faults, as a managed control plane is).
 */
export interface ControlPlane {
  /** @default 1 */
  members: number;
  zones: string[];
}

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
  /** spec.cluster.controlPlane; undefined = one member outside the cluster's zones. */
  controlPlane?: ControlPlane;
  /** Day-2 operations on the timeline (docs/operations.md); undefined or empty when there are none. */
  operations?: Operation[];
  /** Workloads, per-Service request behaviour and SLOs; undefined when the Scenario has no workload. */
  traffic?: TrafficConfig;
  /** spec.cluster.autoscaler resolved; undefined in Scenarios built by hand (then the defaults). */
  clusterAutoscaler?: ClusterAutoscalerSettings;
  /** spec.metrics: External and Object metric values for HPAs (docs/autoscaling.md); absent when not given. */
  workloadMetrics?: WorkloadMetrics;
  /** spec.jobs and spec.batch (docs/batch.md); undefined when the Scenario has neither. */
  batch?: BatchConfig;
  /** spec.monitoring: alert rules over the simulated series (docs/alerting.md); undefined without it. */
  monitoring?: MonitoringSpec;
}
