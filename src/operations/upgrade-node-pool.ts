import { formatDuration } from '../engine/time.js';
import { LABEL_NODE_POOL, LABEL_ZONE, type Node } from '../model/node.js';
import type { UpgradeNodePoolOperation } from '../model/operations.js';
import { nodeFromPool } from '../sim/node-pools.js';
import { drainNode } from './drain.js';
import { finish, type OperationContext, type OperationKind, type OperationRecord } from './operation-kind.js';

/** The kubelet version a node reports (status.nodeInfo.kubeletVersion upstream), as a label in kubesim. */
export const LABEL_KUBELET_VERSION = 'kubesim.dev/kubelet-version';

/**
 * A GKE surge upgrade (maxUnavailable 0): up to `maxSurge` nodes at a time, each lane asks for a new
 * node of the new version (in the zone of the node it replaces), waits `nodeDuration` until it is
 * registered and Ready, then cordons and drains one old node (PodDisruptionBudgets respected for
 * `drainTimeout`, then the rest deleted) and deletes it, and starts again with the next old node.
 * The old nodes are the pool's nodes when the upgrade starts, in name order.
 */
export const upgradeNodePool: OperationKind<UpgradeNodePoolOperation> = {
  kind: 'upgradeNodePool',
  schedule(op, ctx) {
    ctx.sim.scheduleAt(op.at, () => new PoolUpgrade(op, ctx).start());
  },
};

class PoolUpgrade {
  private readonly queue: Node[];
  private nextIndex: number;
  private lanes = 0;
  private replaced = 0;
  private failure: string | undefined;
  private readonly record: OperationRecord;

  constructor(
    private readonly op: UpgradeNodePoolOperation,
    private readonly ctx: OperationContext,
  ) {
    this.queue = [...ctx.cluster.nodes]
      .filter((n) => (n.pool ?? n.labels[LABEL_NODE_POOL]) === op.pool)
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    this.nextIndex = Math.max(-1, ...this.queue.map((n) => poolIndex(n.name, op.pool))) + 1;
    this.record = ctx.begin('upgradeNodePool', `pool/${op.pool}`);
  }

  start(): void {
    if (this.queue.length === 0) {
      this.end();
      return;
    }
    const lanes = Math.min(this.op.maxSurge, this.queue.length);
    for (let i = 0; i < lanes; i++) {
      this.lanes++;
      this.nextNode();
    }
  }

  /** One lane: a surge node, then the drain and deletion of one old node, then again. */
  private nextNode(): void {
    const old = this.failure === undefined ? this.queue.shift() : undefined;
    if (!old) {
      if (--this.lanes === 0) this.end();
      return;
    }
    const { ctx, op } = this;
    const pool = ctx.nodePools.find((p) => p.name === op.pool);
    if (!pool) throw new Error(`invariant: no node pool ${op.pool} (the loader checks it)`);
    const surge = nodeFromPool(pool, this.nextIndex++, 0);
    ctx.step({
      kind: 'Operation',
      object: `node/${surge.name}`,
      to: 'surge node requested',
      reason: `upgradeNodePool ${op.pool} to ${op.version}, replacing node ${old.name}; ready in ${formatDuration(op.nodeDuration)}`,
    });
    ctx.sim.schedule(op.nodeDuration, () => {
      const zone = old.labels[LABEL_ZONE];
      const node: Node = {
        ...surge,
        labels: {
          ...surge.labels,
          ...(zone === undefined ? {} : { [LABEL_ZONE]: zone }),
          [LABEL_KUBELET_VERSION]: op.version,
        },
        createdAt: ctx.sim.now,
      };
      const created = ctx.cloud.createNode(node);
      if (!created.ok) {
        this.fail(created.message);
        return;
      }
      drainNode(
        ctx,
        old.name,
        { force: true, atTimeout: 'delete', timeout: op.drainTimeout },
        this.record,
        (error) => {
          if (error !== undefined) {
            this.fail(error);
            return;
          }
          const deleted = ctx.cloud.deleteNode(old.name);
          if (!deleted.ok) {
            this.fail(deleted.message);
            return;
          }
          this.replaced++;
          ctx.step({
            kind: 'Operation',
            object: `node/${old.name}`,
            to: 'node deleted',
            reason: `replaced by ${node.name}`,
          });
          this.nextNode();
        },
      );
    });
  }

  private fail(message: string): void {
    this.failure ??= message;
    if (--this.lanes === 0) this.end();
  }

  private end(): void {
    const { record, op } = this;
    const what = `${this.replaced} nodes replaced by ${op.version} nodes (${record.evictions} pods evicted, ${record.evictionsRefused} evictions refused)`;
    if (this.failure === undefined) finish(this.ctx, record, 'done', what);
    else finish(this.ctx, record, 'failed', `${this.failure}; ${what}`);
  }
}

/** n of a pool node named "<pool>-<n>", or -1. */
function poolIndex(name: string, pool: string): number {
  if (!name.startsWith(`${pool}-`)) return -1;
  const rest = name.slice(pool.length + 1);
  return /^\d+$/.test(rest) ? Number(rest) : -1;
}
