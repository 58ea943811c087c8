import { NODE_CHANGE_RING, type NodeChangeLog } from '../../cache/node-changes.js';
import { MutableNodeInfo } from '../../cache/node-info.js';
import type { NodeInfo } from '../../framework/interface.js';

/**
 * Per-node contributions to an aggregate, recomputed only for nodes that changed since the last
 * refresh. A node is unchanged when the snapshot still holds the same NodeInfo object at the same
 * position with the same `generation` (MutableNodeInfo bumps it on every pod or node change); a
 * NodeInfo without a generation is always recomputed. This turns the per-cycle walk over every pod
 * of every node (upstream's PreFilter/PreScore) into a walk over node generations plus the nodes the
 * last binding touched, with the same result.
 */
export class NodeMemo<C> {
  private infos: (NodeInfo | undefined)[] = [];
  private gens: number[] = [];
  private contributions: (C | undefined)[] = [];
  /**
   * The node list of the last refresh and the change log its NodeInfos record their changes in, when
   * every entry was a MutableNodeInfo of one log (else undefined).
   */
  private trackedList: readonly NodeInfo[] | undefined;
  private trackedLog: NodeChangeLog | undefined;
  /** trackedLog.seq at the last refresh. */
  private seenSeq = 0;

  /**
   * @param compute the node's contribution, or undefined when it contributes nothing
   * @param apply adds (sign 1) or removes (sign −1) a contribution to/from the aggregate
   */
  constructor(
    private readonly compute: (info: NodeInfo) => C | undefined,
    private readonly apply: (contribution: C, sign: 1 | -1) => void,
  ) {}

  /**
   * Brings the aggregate up to date with `nodes` (the snapshot's full node list). When it is the same
   * list as last time, of the same length, holding only MutableNodeInfos of one change log, and fewer
   * than NODE_CHANGE_RING changes happened since, only the NodeInfos recorded in that log are revisited
   * (a node's change bumps its generation through touch(), and a node moved to another position is
   * touched too); otherwise every node's generation is checked.
   */
  refresh(nodes: readonly NodeInfo[]): void {
    const n = nodes.length;
    const log = this.trackedLog;
    if (
      log !== undefined &&
      nodes === this.trackedList &&
      n === this.infos.length &&
      log.seq - this.seenSeq <= NODE_CHANGE_RING
    ) {
      const seq = log.seq;
      for (let s = this.seenSeq; s < seq; s++) {
        const info = log.at(s);
        const i = info.index;
        if (i < n && nodes[i] === info) this.visit(i, info);
      }
      this.seenSeq = seq;
      return;
    }
    // Stays defined only if every node records its changes in the same log.
    let common: NodeChangeLog | undefined =
      nodes[0] instanceof MutableNodeInfo ? nodes[0].changes : undefined;
    for (let i = 0; i < n; i++) {
      const info = nodes[i] as NodeInfo;
      if (!(info instanceof MutableNodeInfo) || info.changes !== common) common = undefined;
      this.visit(i, info);
    }
    for (let i = n; i < this.contributions.length; i++) {
      const old = this.contributions[i];
      if (old !== undefined) this.apply(old, -1);
    }
    this.infos.length = n;
    this.gens.length = n;
    this.contributions.length = n;
    this.trackedList = common !== undefined ? nodes : undefined;
    this.trackedLog = common;
    this.seenSeq = common?.seq ?? 0;
  }

  /** The contribution of `info` as of the last refresh; `info` must be a node of the refreshed list. */
  contributionOf(info: NodeInfo): C | undefined {
    const i = info.index;
    if (this.infos[i] !== info) throw new Error('invariant: NodeMemo asked about a node it has not seen');
    return this.contributions[i];
  }

  /** Recomputes position i's contribution unless it holds the same NodeInfo at the same generation. */
  private visit(i: number, info: NodeInfo): void {
    const gen = (info as { generation?: number }).generation;
    if (gen !== undefined && this.infos[i] === info && this.gens[i] === gen) return;
    const old = this.contributions[i];
    if (old !== undefined) this.apply(old, -1);
    const cur = this.compute(info);
    if (cur !== undefined) this.apply(cur, 1);
    this.infos[i] = info;
    this.gens[i] = gen ?? Number.NaN;
    this.contributions[i] = cur;
  }
}

/**
 * A bounded map of memos by key: pods of one workload share a key, so a cluster scheduling many
 * workloads keeps one memo each; past `capacity` keys the least recently used is dropped. Each memo
 * holds a share per node, so the bound is what keeps memory flat at 10 000 nodes with 1 000 workloads
 * (32 × 10 000 shares, not 1 000 × 10 000); pods of one workload come through the queue together, so
 * a dropped memo is rarely rebuilt (O(nodes) when it is). Results do not depend on the bound.
 */
export class MemoCache<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly capacity = 32) {}

  /** The value of `key` if kept (then the most recently used), else undefined. */
  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      // Most recently used last: Map keeps insertion order.
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }

  getOrCreate(key: string, create: () => V): V {
    const v = this.get(key);
    if (v !== undefined) return v;
    const created = create();
    this.set(key, created);
    return created;
  }

  /** Keeps `value` under `key` (replacing any), as the most recently used. */
  set(key: string, value: V): void {
    this.map.delete(key);
    if (this.map.size >= this.capacity) {
      const oldest = this.map.keys().next().value as string;
      this.map.delete(oldest);
    }
    this.map.set(key, value);
  }
}
