import {
  CPU_INDEX,
  EPHEMERAL_STORAGE_INDEX,
  MEMORY_INDEX,
  type NodeInfo,
  PODS_INDEX,
  type PodInfo,
  type ResourceIndex,
} from '../../framework/interface.js';
import type { ResourceScorer, ResourceSpec } from './scorers.js';

/**
 * kube-scheduler: resourceAllocationScorer (noderesources/resource_allocation.go), the part shared by
 * NodeResourcesFit scoring and NodeResourcesBalancedAllocation: builds the per-resource (requested,
 * allocatable) pairs for the strategy's resources and hands them to a scorer. Scratch arrays are
 * allocated once per plugin, so scoring a node allocates nothing.
 */
export class ResourceAllocationScorer {
  private readonly indices: Int32Array;
  private readonly requested: Float64Array;
  private readonly allocatable: Float64Array;
  /** The pod whose requests are cached in podRequests (scoring calls score once per node, same pod). */
  private cachedPod: PodInfo | undefined;
  private readonly podRequests: Float64Array;

  constructor(
    readonly resources: readonly ResourceSpec[],
    resourceIndex: ResourceIndex,
    /** Real requests (BalancedAllocation) or the non-zero defaults for cpu/memory (Fit scoring). */
    private readonly useRequested: boolean,
  ) {
    this.indices = Int32Array.from(resources.map((r) => resourceIndex.indexOf(r.name)));
    this.requested = new Float64Array(resources.length);
    this.allocatable = new Float64Array(resources.length);
    this.podRequests = new Float64Array(resources.length);
    const cpu = resources.findIndex((r) => r.name === 'cpu');
    const memory = resources.findIndex((r) => r.name === 'memory');
    this.cpuMemoryOnly = resources.length === 2 && cpu >= 0 && memory >= 0;
    this.cpuWeight = cpu >= 0 ? (resources[cpu] as ResourceSpec).weight : 0;
    this.memoryWeight = memory >= 0 ? (resources[memory] as ResourceSpec).weight : 0;
  }

  /** The pod's request for each strategy resource (PreScore's podRequests). */
  podRequest(pod: PodInfo, i: number): number {
    const vector = this.useRequested ? pod.requests : pod.nonZeroRequests;
    return vector[this.indices[i] as number] ?? 0;
  }

  /**
   * Fast path for the default resources (exactly cpu and memory): writes the (requested, allocatable)
   * pairs of cpu then memory into `out` ([reqCpu, allocCpu, reqMem, allocMem]) without the generic
   * loop; returns false when the strategy has other resources (use score() then).
   */
  cpuMemoryPairs(pod: PodInfo, node: NodeInfo, withPod: boolean, out: Float64Array): boolean {
    if (!this.cpuMemoryOnly) return false;
    const nodeRequested = this.useRequested ? node.requested : node.nonZeroRequested;
    const podVector = this.useRequested ? pod.requests : pod.nonZeroRequests;
    out[0] = (nodeRequested[CPU_INDEX] as number) + (withPod ? (podVector[CPU_INDEX] as number) : 0);
    out[1] = node.allocatable[CPU_INDEX] as number;
    out[2] = (nodeRequested[MEMORY_INDEX] as number) + (withPod ? (podVector[MEMORY_INDEX] as number) : 0);
    out[3] = node.allocatable[MEMORY_INDEX] as number;
    return true;
  }

  /** The weights of cpu and memory when the strategy is exactly those two resources. */
  readonly cpuWeight: number;
  readonly memoryWeight: number;
  /** Whether the strategy is exactly cpu and memory (the cpuMemoryPairs fast path applies). */
  readonly cpuMemoryOnly: boolean;

  /** Whether the pod requests none of the strategy's resources (isBestEffortPod). */
  requestsNothing(pod: PodInfo): boolean {
    for (let i = 0; i < this.indices.length; i++) if (this.podRequest(pod, i) !== 0) return false;
    return true;
  }

  /**
   * Fills the scratch pairs for `node` (with the pod's requests added when `withPod`) and returns
   * scorer(requested, allocatable). calculateResourceAllocatableRequest: cpu and memory read the
   * non-zero sums unless useRequested; ephemeral-storage and extended resources read real requests;
   * an extended resource the pod does not request is left out (0, 0), as is "pods".
   */
  score(pod: PodInfo, node: NodeInfo, scorer: ResourceScorer, withPod = true): number {
    const n = this.indices.length;
    if (pod !== this.cachedPod) {
      for (let i = 0; i < n; i++) this.podRequests[i] = this.podRequest(pod, i);
      this.cachedPod = pod;
    }
    const podRequests = this.podRequests;
    const requested = this.requested;
    const allocatable = this.allocatable;
    const nodeRequested = this.useRequested ? node.requested : node.nonZeroRequested;
    for (let i = 0; i < n; i++) {
      const idx = this.indices[i] as number;
      const podRequest = podRequests[i] as number;
      const add = withPod ? podRequest : 0;
      requested[i] = 0;
      allocatable[i] = 0;
      let alloc = 0;
      let req = 0;
      if (idx === CPU_INDEX || idx === MEMORY_INDEX) {
        alloc = node.allocatable[idx] ?? 0;
        req = (nodeRequested[idx] ?? 0) + add;
      } else if (idx === EPHEMERAL_STORAGE_INDEX) {
        alloc = node.allocatable[idx] ?? 0;
        req = (node.requested[idx] ?? 0) + add;
      } else if (idx !== PODS_INDEX && podRequest !== 0) {
        alloc = node.allocatable[idx] ?? 0;
        req = (node.requested[idx] ?? 0) + add;
      }
      if (alloc === 0) continue;
      allocatable[i] = alloc;
      requested[i] = req;
    }
    return scorer(requested, allocatable, n);
  }
}
