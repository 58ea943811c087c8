import type { RandomStream } from '../../engine/random.js';
import type { ClusterState } from '../../model/cluster-state.js';
import type { LabelSelectorRequirement } from '../../model/labels.js';
import type { Node } from '../../model/node.js';
import type { Pod } from '../../model/pod.js';
import type { Status } from './status.js';

/**
 * The scheduler framework's plugin contracts, shaped like upstream's
 * (staging/src/k8s.io/kube-scheduler/framework/interface.go). Differences: a Status of `null` means
 * Success; scores are plain numbers; there is no context or parallelism.
 */

/** Resource vectors are Float64Arrays indexed by ResourceIndex (cpu millis, memory bytes, …). */
export type ResourceVector = Float64Array;

/**
 * Maps resource names to vector positions. cpu, memory, ephemeral-storage and pods are fixed;
 * extended resources (nvidia.com/gpu) get the next free index when first seen.
 */
export interface ResourceIndex {
  readonly size: number;
  indexOf(resourceName: string): number;
  nameOf(index: number): string;
}
export const CPU_INDEX = 0;
export const MEMORY_INDEX = 1;
export const EPHEMERAL_STORAGE_INDEX = 2;
export const PODS_INDEX = 3;

/** A pod with what the scheduler derives from it once (requests as vectors, parsed terms). */
export interface PodInfo {
  readonly pod: Pod;
  /** resource.PodRequests: what filtering (NodeResourcesFit) checks against allocatable. */
  readonly requests: ResourceVector;
  /** The same with the non-zero defaults for cpu/memory (100m, 200Mi), used by scoring. */
  readonly nonZeroRequests: ResourceVector;
}

/**
 * One node as the scheduler sees it in a cycle: the node, its allocatable, what its pods request, and
 * the pods themselves. Filters must read the NodeInfo they are given (it may include nominated pods).
 */
export interface NodeInfo {
  /** Position in the snapshot's node list (stable while the node exists). */
  readonly index: number;
  /**
   * A number unique across all NodeInfos and changed on every change to this one (the process-wide
   * count of node changes at its last change): equal stamps mean the same node, unchanged.
   */
  readonly changeStamp: number;
  readonly node: Node;
  readonly allocatable: ResourceVector;
  /** Σ requests of the pods on the node. */
  readonly requested: ResourceVector;
  /** Σ non-zero requests of the pods on the node. */
  readonly nonZeroRequested: ResourceVector;
  readonly pods: readonly PodInfo[];
  /** Pods on this node with any (anti-)affinity term, for InterPodAffinity. */
  readonly podsWithAffinity: readonly PodInfo[];
  /** Pods on this node with required anti-affinity terms. */
  readonly podsWithRequiredAntiAffinity: readonly PodInfo[];
  /** Host ports in use: "protocol/hostIP/port" strings. */
  readonly usedPorts: ReadonlySet<string>;
}

/**
 * Every node's resource vectors in flat arrays (struct of arrays): slot r of the node at index i is at
 * [i × stride + r]. The snapshot's NodeInfos' vectors are views of these, so both read the same numbers;
 * per-node loops over many nodes read these to avoid reaching into each NodeInfo's arrays.
 */
export interface NodeVectors {
  readonly stride: number;
  readonly allocatable: Float64Array;
  readonly requested: Float64Array;
  readonly nonZeroRequested: Float64Array;
}

/**
 * A label selector as LabelSelectorAsSelector converts it: `nothing` selects no pod; otherwise every
 * requirement must hold (none: every pod).
 */
export interface PodSelector {
  readonly nothing: boolean;
  readonly requirements: readonly LabelSelectorRequirement[];
}

/**
 * The live pods (not terminating) of one namespace matching one selector, per node (upstream
 * countPodsMatchSelector per NodeInfo), kept current by the snapshot: valid until the next change to it.
 */
export interface PodSelectorMatches {
  /** Matching pods on `node`: any NodeInfo, the snapshot's own read from `nodes`, others counted. */
  countOn(node: NodeInfo): number;
  /** The snapshot's NodeInfos holding at least one matching pod, with how many. */
  readonly nodes: ReadonlyMap<NodeInfo, number>;
}

/** The scheduler's consistent view of the cluster for one cycle. */
export interface Snapshot {
  readonly nodeInfos: readonly NodeInfo[];
  nodeInfo(name: string): NodeInfo | undefined;
  /** NodeInfos that have at least one pod with (anti-)affinity. */
  readonly havePodsWithAffinity: readonly NodeInfo[];
  readonly havePodsWithRequiredAntiAffinity: readonly NodeInfo[];
  readonly resources: ResourceIndex;
  /** The vectors of nodeInfos[i] at index i (NodeInfo.index). */
  readonly nodeVectors: NodeVectors;
  /** The live pods of `namespace` matching `selector`, per node (see PodSelectorMatches). */
  matchingPods(namespace: string, selector: PodSelector): PodSelectorMatches;
}

/** Per-cycle scratch space that plugins fill in PreFilter/PreScore and read in Filter/Score. */
export class CycleState {
  private readonly data = new Map<string, unknown>();
  read<T>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }
  write(key: string, value: unknown): void {
    this.data.set(key, value);
  }
  /** Plugins whose PreFilter returned Skip: their Filter is not run. */
  readonly skipFilterPlugins = new Set<string>();
  /** Plugins whose PreScore returned Skip: their Score is not run. */
  readonly skipScorePlugins = new Set<string>();
}

/** What plugins receive at construction: read access to the snapshot and the cluster, and a random stream. */
export interface FrameworkHandle {
  snapshot(): Snapshot;
  readonly cluster: ClusterState;
  readonly random: RandomStream;
}

export interface Plugin {
  readonly name: string;
}

export interface PreFilterPlugin extends Plugin {
  /** Runs once per cycle before any Filter. A rejection here makes the pod unschedulable on every node. */
  preFilter(state: CycleState, pod: PodInfo, snapshot: Snapshot): Status | null;
}

export interface FilterPlugin extends Plugin {
  /** Whether the pod fits `node`. Must not mutate anything but `state`. */
  filter(state: CycleState, pod: PodInfo, node: NodeInfo): Status | null;
}

export interface PreScorePlugin extends Plugin {
  /** Runs once per cycle with the feasible nodes, before any Score. */
  preScore(state: CycleState, pod: PodInfo, feasible: readonly NodeInfo[]): Status | null;
}

export interface ScorePlugin extends Plugin {
  /** The node's raw score; after normalizeScore, each score must be in [0, MAX_NODE_SCORE]. */
  score(state: CycleState, pod: PodInfo, node: NodeInfo): number;
  /** Rewrites scores[i] (for feasible[i]) into [0, MAX_NODE_SCORE]. */
  normalizeScore?(state: CycleState, pod: PodInfo, feasible: readonly NodeInfo[], scores: Float64Array): void;
  /**
   * Optional batch form of score: writes score(state, pod, feasible[i]) into out[i] for every feasible
   * node, with the same results. The runner prefers it: one call per cycle instead of one per node.
   * The feasible nodes are `snapshot`'s own NodeInfos (never nominated-pod copies), so their numbers
   * can be read from snapshot.nodeVectors by NodeInfo.index.
   */
  scoreAll?(
    state: CycleState,
    pod: PodInfo,
    feasible: readonly NodeInfo[],
    snapshot: Snapshot,
    out: Float64Array,
  ): void;
}

/** framework.MaxNodeScore. */
export const MAX_NODE_SCORE = 100;
