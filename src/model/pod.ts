import type { Micros } from '../engine/time.js';
import type { LabelSelector, Labels } from './labels.js';
import type { ContainerResources, ResourceList } from './resources.js';
import type { Toleration } from './taints.js';

// The scheduling-relevant subset of core/v1, with the upstream field names so that manifests map onto
// it directly and upstream test cases port without translation.

export interface NodeSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
  values?: string[];
}

/** Requirements ANDed; matchFields supports only metadata.name, as upstream. */
export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

/** Terms ORed. */
export interface NodeSelector {
  nodeSelectorTerms: NodeSelectorTerm[];
}

export interface PreferredSchedulingTerm {
  weight: number;
  preference: NodeSelectorTerm;
}

export interface NodeAffinity {
  requiredDuringSchedulingIgnoredDuringExecution?: NodeSelector;
  preferredDuringSchedulingIgnoredDuringExecution?: PreferredSchedulingTerm[];
}

export interface PodAffinityTerm {
  labelSelector?: LabelSelector;
  namespaces?: string[];
  namespaceSelector?: LabelSelector;
  topologyKey: string;
  matchLabelKeys?: string[];
  mismatchLabelKeys?: string[];
}

export interface WeightedPodAffinityTerm {
  weight: number;
  podAffinityTerm: PodAffinityTerm;
}

export interface PodAffinity {
  requiredDuringSchedulingIgnoredDuringExecution?: PodAffinityTerm[];
  preferredDuringSchedulingIgnoredDuringExecution?: WeightedPodAffinityTerm[];
}

export interface Affinity {
  nodeAffinity?: NodeAffinity;
  podAffinity?: PodAffinity;
  podAntiAffinity?: PodAffinity;
}

export interface TopologySpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway';
  labelSelector?: LabelSelector;
  minDomains?: number;
  nodeAffinityPolicy?: 'Honor' | 'Ignore';
  nodeTaintsPolicy?: 'Honor' | 'Ignore';
  matchLabelKeys?: string[];
}

export interface ContainerPort {
  containerPort: number;
  hostPort?: number;
  hostIP?: string;
  protocol: 'TCP' | 'UDP' | 'SCTP';
}

/**
 * core/v1 Probe, defaulted (SetDefaults_Probe, pkg/apis/core/v1/defaults.go). The handler (httpGet,
 * tcpSocket, exec, grpc) is not kept: a probe's outcome comes from the ground truth (healthy unless a
 * probeFailure fault says otherwise).
 */
export interface Probe {
  /** @default 0 */
  initialDelaySeconds: number;
  /** @default 10 */
  periodSeconds: number;
  /** @default 1 */
  timeoutSeconds: number;
  /** @default 1 (must be 1 for liveness and startup probes) */
  successThreshold: number;
  /** @default 3 */
  failureThreshold: number;
}

export type ProbeType = 'readiness' | 'liveness' | 'startup';

export interface Container extends ContainerResources {
  name: string;
  image?: string;
  ports: ContainerPort[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  startupProbe?: Probe;
  /** lifecycle.preStop.sleep.seconds: the hook runs this long before SIGTERM, within the grace period. */
  preStopSleepSeconds?: number;
}

/** What a pod asks of the scheduler and the kubelet. Shared (read-only) by all pods of one template. */
export interface PodSpec {
  nodeName?: string;
  nodeSelector: Readonly<Record<string, string>>;
  affinity?: Affinity;
  tolerations: Toleration[];
  topologySpreadConstraints: TopologySpreadConstraint[];
  /** Resolved from priorityClassName at load time (default 0, or the globalDefault class). */
  priority: number;
  priorityClassName?: string;
  preemptionPolicy: 'PreemptLowerPriority' | 'Never';
  schedulerName: string;
  containers: Container[];
  initContainers: Container[];
  overhead?: ResourceList;
  /** core/v1 default 30. */
  terminationGracePeriodSeconds: number;
  /** What the kubelet does when the containers exit. undefined: Always (core/v1 default). */
  restartPolicy?: RestartPolicy;
}

/** core/v1 RestartPolicy: Always restarts any exit, OnFailure a non-zero one, Never none. */
export type RestartPolicy = 'Always' | 'OnFailure' | 'Never';

/** Pod template: the labels and spec every pod of a workload gets. */
export interface PodTemplate {
  labels: Labels;
  annotations?: Labels;
  spec: PodSpec;
}

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed';

export type OwnerKind = 'ReplicaSet' | 'StatefulSet' | 'Job';

/** A pod object in the simulated API server, with its status. */
export interface Pod {
  readonly uid: number;
  readonly namespace: string;
  readonly name: string;
  readonly labels: Labels;
  /** metadata.annotations (from the template for workload pods); read by the cluster-autoscaler. */
  readonly annotations?: Labels;
  readonly spec: PodSpec;
  /** The controller that owns it, if any: the workload's key "namespace/name". */
  readonly owner?: { kind: OwnerKind; key: string };
  phase: PodPhase;
  /** The node it is bound to; undefined while pending. */
  nodeName?: string;
  /** Set by the scheduler when preemption made room on a node for this pod. */
  nominatedNodeName?: string;
  /** Ready condition as the API server reports it (whether containers really run is ground truth). */
  ready: boolean;
  createdAt: Micros;
  scheduledAt?: Micros;
  startedAt?: Micros;
  /** When the pod reached Succeeded or Failed (its containers' finishedAt), as the kubelet reports it. */
  finishedAt?: Micros;
  /** status.containerStatuses[].restartCount as the kubelet reports it; undefined: 0. */
  restartCount?: number;
  /**
   * The PodScheduled=False condition's message from the last failed attempt, as kube-scheduler writes
   * it ("0/6 nodes are available: 3 Insufficient cpu, …"); cleared on binding.
   */
  unschedulableMessage?: string;
  /** Set when deletion began (graceful termination); the pod is gone once removed from the state. */
  deletionTimestamp?: Micros;
  /** The grace period the deletion was given (seconds), as metadata.deletionGracePeriodSeconds. */
  deletionGracePeriodSeconds?: number;
}

/** Whether the pod has finished (Succeeded or Failed): it no longer holds resources on its node. */
export function isTerminal(pod: Pick<Pod, 'phase'>): boolean {
  return pod.phase === 'Succeeded' || pod.phase === 'Failed';
}

/** "namespace/name", the key used everywhere for namespaced objects. */
export function objectKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

export function podKey(pod: Pick<Pod, 'namespace' | 'name'>): string {
  return objectKey(pod.namespace, pod.name);
}

/**
 * The name of the workload a pod belongs to (its owner's name, "web" for "default/web"), or the pod's
 * own name when it has no owner: the key of per-workload behaviour and faults.
 */
export function workloadName(pod: Pick<Pod, 'name' | 'owner'>): string {
  return pod.owner ? pod.owner.key.slice(pod.owner.key.indexOf('/') + 1) : pod.name;
}
