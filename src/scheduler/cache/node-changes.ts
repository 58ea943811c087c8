import type { MutableNodeInfo } from './node-info.js';

/** Size of the change ring (a power of two). */
export const NODE_CHANGE_RING = 4096;

/**
 * One snapshot's ring of the NodeInfos whose generation was bumped, in order: `seq` counts every bump,
 * bump s's NodeInfo is `at(s)` while fewer than NODE_CHANGE_RING bumps followed it. Memos (NodeMemo)
 * that saw bump `last` catch up with the bumps since instead of checking every node's generation. Each
 * MutableSnapshot owns one, so schedulers and explain runs in one process never see each other's
 * changes. Single-threaded, so no locking.
 */
export class NodeChangeLog {
  // Stamp 0 is never issued: it is every NodeInfo's stamp before its first change, so a memo that saw
  // a node at stamp 0 cannot mistake the node's first change for no change.
  private count = 1;
  private readonly ring = new Array<MutableNodeInfo | undefined>(NODE_CHANGE_RING);

  /** Bumps counted so far (the next bump's stamp). */
  get seq(): number {
    return this.count;
  }

  /** Records a bump of `info`; returns its stamp (unique among this log's bumps). */
  record(info: MutableNodeInfo): number {
    const stamp = this.count++;
    this.ring[stamp & (NODE_CHANGE_RING - 1)] = info;
    return stamp;
  }

  /** The NodeInfo of bump `stamp`, valid while seq − stamp ≤ NODE_CHANGE_RING. */
  at(stamp: number): MutableNodeInfo {
    return this.ring[stamp & (NODE_CHANGE_RING - 1)] as MutableNodeInfo;
  }
}
