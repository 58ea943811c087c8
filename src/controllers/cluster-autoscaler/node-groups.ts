import type { Micros } from '../../engine/time.js';
import type { ClusterState } from '../../model/cluster-state.js';
import type { Node } from '../../model/node.js';
import type { NodePool } from '../../model/scenario.js';
import { nodeFromPool } from '../../sim/node-pools.js';
import { NODE_GROUP_BACKOFF } from './defaults.js';

/** A machine asked of the cloud that has not registered its Node yet. */
export interface UpcomingNode {
  readonly name: string;
  /** Its Node object as it will register (labels, zone, taints): the scale-up simulation's template. */
  readonly node: Node;
  readonly requestedAt: Micros;
}

/**
 * One node group (cloudprovider.NodeGroup): a Scenario node pool with a `max`. Its target size is the
 * registered nodes not being deleted plus the machines still provisioning; `min` and `max` bound it.
 * Nodes are named "<pool>-<n>" with n counting on from the pool's initial nodes, never reused.
 */
export class NodeGroup {
  readonly min: number;
  readonly max: number;
  readonly upcoming = new Map<string, UpcomingNode>();
  /** Registered nodes whose deletion has begun (upstream decreases the target size at once). */
  readonly deleting = new Set<string>();
  private nextIndex: number;
  private backoffUntil: Micros = -1;
  private backoffDuration: Micros = 0;
  private lastFailureAt: Micros = Number.NEGATIVE_INFINITY;

  constructor(readonly pool: NodePool) {
    this.min = pool.min ?? 0;
    this.max = pool.max ?? pool.count;
    this.nextIndex = pool.count;
  }

  get id(): string {
    return this.pool.name;
  }

  /** The group's registered nodes, in name order of creation. */
  nodes(cluster: ClusterState): Node[] {
    const out: Node[] = [];
    for (const n of cluster.nodes) if (n.pool === this.pool.name) out.push(n);
    return out;
  }

  /** Registered nodes not being deleted, plus provisioning ones (NodeGroup.TargetSize). */
  targetSize(cluster: ClusterState): number {
    let registered = 0;
    for (const n of cluster.nodes) if (n.pool === this.pool.name && !this.deleting.has(n.name)) registered++;
    return registered + this.upcoming.size;
  }

  /** The Node the next machine would register as (TemplateNodeInfo), `offset` machines ahead. */
  template(now: Micros, offset = 0): Node {
    return nodeFromPool(this.pool, this.nextIndex + offset, now);
  }

  /** Takes the next node's name and object, for a machine being requested now. */
  takeNext(now: Micros): UpcomingNode {
    const node = nodeFromPool(this.pool, this.nextIndex++, now);
    const upcoming = { name: node.name, node, requestedAt: now };
    this.upcoming.set(node.name, upcoming);
    return upcoming;
  }

  /** Whether scale-ups of this group are backed off after a failed provisioning. */
  isBackedOff(now: Micros): boolean {
    return now < this.backoffUntil;
  }

  /**
   * A failed scale-up (utils/backoff/exponential_backoff.go): backed off 5 min, doubled on each
   * failure within the reset timeout (3 h) of the last one, at most 30 min. Returns the duration.
   */
  backOff(now: Micros): Micros {
    const fresh = now - this.lastFailureAt > NODE_GROUP_BACKOFF.reset;
    this.backoffDuration = fresh
      ? NODE_GROUP_BACKOFF.initial
      : Math.min(this.backoffDuration * 2, NODE_GROUP_BACKOFF.max);
    this.lastFailureAt = now;
    this.backoffUntil = now + this.backoffDuration;
    return this.backoffDuration;
  }
}

/** The node groups of the pools that have a `max` (the others keep a fixed size), in pool order. */
export function nodeGroupsFromPools(pools: readonly NodePool[]): NodeGroup[] {
  return pools.filter((p) => p.max !== undefined).map((p) => new NodeGroup(p));
}
