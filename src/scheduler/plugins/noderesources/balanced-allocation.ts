import {
  CPU_INDEX,
  type CycleState,
  MAX_NODE_SCORE,
  MEMORY_INDEX,
  type NodeInfo,
  type PodInfo,
  type PreScorePlugin,
  type ResourceIndex,
  type ScorePlugin,
  type Snapshot,
} from '../../framework/interface.js';
import { Status } from '../../framework/status.js';
import { Names } from '../../names.js';
import type { NodeResourcesBalancedAllocationArgs } from './balanced-allocation-args.js';
import { ResourceAllocationScorer } from './resource-allocation.js';
import { NodeScoreMemo, scoreAllCpuMemory } from './score-memo.js';
import { balancedAllocationChangeScore, balancedResourceScorer } from './scorers.js';

/** A shared Skip status: the runner never mutates a Skip. */
const SKIP = Status.skip();

/** balancedResourceScorer for (cpu, memory) pairs, without arrays; same float arithmetic. */
function balancedTwo(reqCpu: number, allocCpu: number, reqMem: number, allocMem: number): number {
  if (allocCpu === 0 || allocMem === 0) {
    // One fraction or none: std 0.
    return MAX_NODE_SCORE;
  }
  let f0 = reqCpu / allocCpu;
  if (f0 > 1) f0 = 1;
  let f1 = reqMem / allocMem;
  if (f1 > 1) f1 = 1;
  const std = Math.abs((f0 - f1) / 2);
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

/**
 * kube-scheduler: NodeResourcesBalancedAllocation (noderesources/balanced_allocation.go). Favors nodes
 * whose cpu and memory fractions stay close to each other, using real requests (no non-zero defaults).
 * Version-dependent:
 * - ≥ 1.33 (PR #130260): PreScore skips pods requesting none of the resources (best-effort pods).
 * - ≤ 1.35: score = balance with the pod.
 * - ≥ 1.36 (PR #135573): score = 50 + (50 + balance with pod − balance without) / 2.
 */
export class NodeResourcesBalancedAllocation implements PreScorePlugin, ScorePlugin {
  readonly name = Names.NodeResourcesBalancedAllocation;
  private readonly allocation: ResourceAllocationScorer;
  private readonly pairs = new Float64Array(4);
  /** scoreAll's scores of unchanged nodes for the same pod request. */
  private readonly memo = new NodeScoreMemo();

  constructor(
    args: NodeResourcesBalancedAllocationArgs,
    resourceIndex: ResourceIndex,
    private readonly kubernetesMinor: number,
  ) {
    this.allocation = new ResourceAllocationScorer(args.resources, resourceIndex, true);
  }

  preScore(_state: CycleState, pod: PodInfo): Status | null {
    if (this.kubernetesMinor >= 33 && this.allocation.requestsNothing(pod)) return SKIP;
    return null;
  }

  score(_state: CycleState, pod: PodInfo, node: NodeInfo): number {
    const p = this.pairs;
    if (this.allocation.cpuMemoryPairs(pod, node, true, p)) {
      return this.cpuMemoryScore(pod, p[0] as number, p[1] as number, p[2] as number, p[3] as number);
    }
    const withPod = this.allocation.score(pod, node, balancedResourceScorer, true);
    if (this.kubernetesMinor < 36) return withPod;
    const withoutPod = this.allocation.score(pod, node, balancedResourceScorer, false);
    return balancedAllocationChangeScore(withPod, withoutPod);
  }

  /**
   * score() for every feasible node. With the default resources it reads cpu and memory straight from
   * the snapshot's flat vectors (the same numbers cpuMemoryPairs would copy out of each NodeInfo).
   */
  scoreAll(
    state: CycleState,
    pod: PodInfo,
    feasible: readonly NodeInfo[],
    snapshot: Snapshot,
    out: Float64Array,
  ): void {
    if (!this.allocation.cpuMemoryOnly) {
      for (let i = 0; i < feasible.length; i++) out[i] = this.score(state, pod, feasible[i] as NodeInfo);
      return;
    }
    const vectors = snapshot.nodeVectors;
    scoreAllCpuMemory(
      this.memo,
      feasible,
      snapshot.nodeInfos.length,
      vectors,
      vectors.requested,
      pod.requests[CPU_INDEX] as number,
      pod.requests[MEMORY_INDEX] as number,
      (reqCpu, allocCpu, reqMem, allocMem) => this.cpuMemoryScore(pod, reqCpu, allocCpu, reqMem, allocMem),
      out,
    );
  }

  /** The score from the cpu and memory (requested with the pod, allocatable) pairs. */
  private cpuMemoryScore(
    pod: PodInfo,
    reqCpu: number,
    allocCpu: number,
    reqMem: number,
    allocMem: number,
  ): number {
    const withPod = balancedTwo(reqCpu, allocCpu, reqMem, allocMem);
    if (this.kubernetesMinor < 36) return withPod;
    // Without the pod: the same pairs minus its requests (real requests: useRequested).
    const withoutPod = balancedTwo(
      reqCpu - (pod.requests[CPU_INDEX] as number),
      allocCpu,
      reqMem - (pod.requests[MEMORY_INDEX] as number),
      allocMem,
    );
    return balancedAllocationChangeScore(withPod, withoutPod);
  }
}
