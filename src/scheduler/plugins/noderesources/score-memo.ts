import type { NodeInfo } from '../../framework/interface.js';

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
