import type { Distribution } from '../engine/distributions.js';
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
  min?: number;
  max?: number;
  provisioningTime?: Distribution;
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

export type Fault = NodeCrashFault;

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
}
