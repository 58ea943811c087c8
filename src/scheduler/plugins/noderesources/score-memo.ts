import { CPU_INDEX, MEMORY_INDEX, type NodeInfo } from '../../framework/interface.js';

/**
 * One resource-scoring plugin's last score per node, reused while neither the node nor the pod's cpu
 * and memory request changed. Those scores depend on nothing else (the node's vectors and the pod's
 * request), and consecutive pods often request the same (replicas of one workload): then a cycle
 * recomputes only the nodes changed since they were last scored, typically the few that got a pod.
 * A node is identified by NodeInfo.changeStamp, unique across nodes and bumped on every change, so
 * a node moved to another index or replaced never matches a stale entry.
 */
export class NodeScoreMemo {
  private stamps = new Float64Array(0);
  private scores = new Float64Array(0);
  private cpu = Number.NaN;
  private memory = Number.NaN;

  /** Starts a cycle over nodes with index < `nodes` for a pod requesting (cpu, memory). */
  begin(nodes: number, cpu: number, memory: number): void {
    if (this.stamps.length < nodes) {
      const size = Math.max(nodes, this.stamps.length * 2);
      this.stamps = new Float64Array(size);
      this.scores = new Float64Array(size);
      this.cpu = Number.NaN;
    }
    if (cpu !== this.cpu || memory !== this.memory) {
      // Stamps start at 0: -1 matches no node.
      this.stamps.fill(-1);
      this.cpu = cpu;
      this.memory = memory;
    }
  }

  /** The node's memoized score, or NaN when it must be computed. */
  lookup(node: NodeInfo): number {
    return this.stamps[node.index] === node.changeStamp ? (this.scores[node.index] as number) : Number.NaN;
  }

  /** Records the node's score for later cycles; returns it. */
  store(node: NodeInfo, score: number): number {
    this.stamps[node.index] = node.changeStamp;
    this.scores[node.index] = score;
    return score;
  }
}

/** A cpu/memory score from (requested with the pod, allocatable) for each of the two resources. */
export type CpuMemoryScore = (reqCpu: number, allocCpu: number, reqMem: number, allocMem: number) => number;

/**
 * Scores every feasible node from the snapshot's flat vectors: `requested` (the snapshot's requested
 * or non-zero-requested array, laid out like `allocatable`) plus the pod's (cpu, memory), reusing
 * `memo`'s score where the node has not changed since it was last scored for the same request.
 */
export function scoreAllCpuMemory(
  memo: NodeScoreMemo,
  feasible: readonly NodeInfo[],
  nodeCount: number,
  vectors: { stride: number; allocatable: Float64Array },
  requested: Float64Array,
  podCpu: number,
  podMem: number,
  score: CpuMemoryScore,
  out: Float64Array,
): void {
  const { stride, allocatable } = vectors;
  memo.begin(nodeCount, podCpu, podMem);
  for (let i = 0; i < feasible.length; i++) {
    const node = feasible[i] as NodeInfo;
    const known = memo.lookup(node);
    if (!Number.isNaN(known)) {
      out[i] = known;
      continue;
    }
    const o = node.index * stride;
    out[i] = memo.store(
      node,
      score(
        (requested[o + CPU_INDEX] as number) + podCpu,
        allocatable[o + CPU_INDEX] as number,
        (requested[o + MEMORY_INDEX] as number) + podMem,
        allocatable[o + MEMORY_INDEX] as number,
      ),
    );
  }
}
