import type { SchedulerPodInfo } from '../../cache/pod-info.js';
import {
  CPU_INDEX,
  type CycleState,
  type FilterPlugin,
  MEMORY_INDEX,
  type NodeInfo,
  PODS_INDEX,
  type PodInfo,
  type PreScorePlugin,
  type ResourceIndex,
  type ScorePlugin,
  type Snapshot,
} from '../../framework/interface.js';
import { Status } from '../../framework/status.js';
import { Names } from '../../names.js';
import type { NodeResourcesFitArgs } from './fit-args.js';
import { ResourceAllocationScorer } from './resource-allocation.js';
import { NodeScoreMemo, scoreAllCpuMemory } from './score-memo.js';
import {
  leastRequestedScore,
  leastResourceScorer,
  mostRequestedScore,
  mostResourceScorer,
  type ResourceScorer,
  requestedToCapacityRatioScorer,
} from './scorers.js';

const TOO_MANY_PODS = 'Too many pods';

/**
 * kube-scheduler: NodeResourcesFit (noderesources/fit.go).
 * Filter: the node's free allocatable (allocatable − Σ requests of its pods) must cover every resource
 * the pod requests, and one more pod must fit under allocatable "pods"; every shortage is a reason
 * ("Insufficient cpu", "Too many pods"), status Unschedulable. Score: the configured strategy over the
 * non-zero requests (a container without cpu/memory request counts 100m / 200Mi).
 */
export class NodeResourcesFit implements FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = Names.NodeResourcesFit;
  private readonly allocation: ResourceAllocationScorer;
  private readonly scorer: ResourceScorer;
  private readonly resourceIndex: ResourceIndex;
  private readonly ignored: (index: number) => boolean;
  /** leastRequestedScore or mostRequestedScore for the inline cpu+memory path. */
  private readonly perResource: ((requested: number, capacity: number) => number) | undefined;
  private readonly pairs = new Float64Array(4);
  /** scoreAll's scores of unchanged nodes for the same pod request. */
  private readonly memo = new NodeScoreMemo();
  /** Status per set of reasons, so a rejection allocates nothing after the first time. */
  private readonly statusCache = new Map<string, Status>();

  constructor(args: NodeResourcesFitArgs, resourceIndex: ResourceIndex) {
    const strategy = args.scoringStrategy;
    this.resourceIndex = resourceIndex;
    this.allocation = new ResourceAllocationScorer(strategy.resources, resourceIndex, false);
    switch (strategy.type) {
      case 'LeastAllocated':
        this.scorer = leastResourceScorer(strategy.resources);
        break;
      case 'MostAllocated':
        this.scorer = mostResourceScorer(strategy.resources);
        break;
      case 'RequestedToCapacityRatio':
        this.scorer = requestedToCapacityRatioScorer(
          strategy.resources,
          strategy.requestedToCapacityRatio?.shape ?? [],
        );
        break;
    }
    this.perResource =
      strategy.type === 'LeastAllocated'
        ? leastRequestedScore
        : strategy.type === 'MostAllocated'
          ? mostRequestedScore
          : undefined;
    const ignoredNames = new Set(args.ignoredResources ?? []);
    const ignoredGroups = new Set(args.ignoredResourceGroups ?? []);
    this.ignored = (index) => {
      if (ignoredNames.size === 0 && ignoredGroups.size === 0) return false;
      const name = resourceIndex.nameOf(index);
      if (!isExtendedResourceName(name)) return false;
      return ignoredNames.has(name) || ignoredGroups.has(name.split('/')[0] as string);
    };
  }

  filter(_state: CycleState, pod: PodInfo, node: NodeInfo): Status | null {
    const req = pod.requests;
    const alloc = node.allocatable;
    const used = node.requested;
    const tooManyPods = (used[PODS_INDEX] ?? 0) + 1 > (alloc[PODS_INDEX] ?? 0);
    // The hot path: only the slots the pod requests, and no allocation when everything fits.
    const slots = (pod as SchedulerPodInfo).requestedSlots ?? slotsOf(req);
    let short = -1;
    for (let k = 0; k < slots.length; k++) {
      const i = slots[k] as number;
      if ((req[i] as number) > (alloc[i] ?? 0) - (used[i] ?? 0) && !(i > PODS_INDEX && this.ignored(i))) {
        short = k;
        break;
      }
    }
    if (!tooManyPods && short < 0) return null;
    const reasons: string[] = [];
    if (tooManyPods) reasons.push(TOO_MANY_PODS);
    if (short >= 0) {
      for (let k = short; k < slots.length; k++) {
        const i = slots[k] as number;
        if ((req[i] as number) > (alloc[i] ?? 0) - (used[i] ?? 0) && !(i > PODS_INDEX && this.ignored(i))) {
          reasons.push(`Insufficient ${this.resourceIndex.nameOf(i)}`);
        }
      }
    }
    const key = reasons.join('\n');
    let s = this.statusCache.get(key);
    if (!s) {
      s = Status.unschedulable(...reasons);
      this.statusCache.set(key, s);
    }
    return s;
  }

  preScore(): Status | null {
    return null;
  }

  score(_state: CycleState, pod: PodInfo, node: NodeInfo): number {
    // Default resources (cpu, memory) under Least/MostAllocated: the same integer arithmetic, inline.
    if (this.perResource !== undefined && this.allocation.cpuMemoryPairs(pod, node, true, this.pairs)) {
      const p = this.pairs;
      return this.cpuMemoryScore(
        this.perResource,
        p[0] as number,
        p[1] as number,
        p[2] as number,
        p[3] as number,
      );
    }
    return this.allocation.score(pod, node, this.scorer);
  }

  /**
   * score() for every feasible node. With the default resources under Least/MostAllocated it reads
   * the non-zero requests and allocatable straight from the snapshot's flat vectors (the same numbers
   * cpuMemoryPairs would copy out of each NodeInfo).
   */
  scoreAll(
    state: CycleState,
    pod: PodInfo,
    feasible: readonly NodeInfo[],
    snapshot: Snapshot,
    out: Float64Array,
  ): void {
    const f = this.perResource;
    if (f === undefined || !this.allocation.cpuMemoryOnly) {
      for (let i = 0; i < feasible.length; i++) out[i] = this.score(state, pod, feasible[i] as NodeInfo);
      return;
    }
    const vectors = snapshot.nodeVectors;
    scoreAllCpuMemory(
      this.memo,
      feasible,
      snapshot.nodeInfos.length,
      vectors,
      vectors.nonZeroRequested,
      pod.nonZeroRequests[CPU_INDEX] as number,
      pod.nonZeroRequests[MEMORY_INDEX] as number,
      (reqCpu, allocCpu, reqMem, allocMem) => this.cpuMemoryScore(f, reqCpu, allocCpu, reqMem, allocMem),
      out,
    );
  }

  /** Weighted integer average of `f` over cpu and memory, leaving out a resource with allocatable 0. */
  private cpuMemoryScore(
    f: (requested: number, capacity: number) => number,
    reqCpu: number,
    allocCpu: number,
    reqMem: number,
    allocMem: number,
  ): number {
    let sum = 0;
    let weights = 0;
    if (allocCpu !== 0) {
      sum += f(reqCpu, allocCpu) * this.allocation.cpuWeight;
      weights += this.allocation.cpuWeight;
    }
    if (allocMem !== 0) {
      sum += f(reqMem, allocMem) * this.allocation.memoryWeight;
      weights += this.allocation.memoryWeight;
    }
    return weights === 0 ? 0 : Math.trunc(sum / weights);
  }
}

/** Slots with a positive request (for PodInfos not built by makePodInfo). */
function slotsOf(req: Float64Array): Int32Array {
  const out: number[] = [];
  for (let i = 0; i < req.length; i++) if (i !== PODS_INDEX && (req[i] as number) > 0) out.push(i);
  return Int32Array.from(out);
}

/** v1helper.IsExtendedResourceName: a domain-prefixed name outside kubernetes.io, not requests.*. */
export function isExtendedResourceName(name: string): boolean {
  if (!name.includes('/')) return false;
  if (name.startsWith('kubernetes.io/') || name.includes('.kubernetes.io/')) return false;
  return !name.startsWith('requests.');
}
