import type { Micros } from '../../engine/time.js';
import type { ClusterAutoscalerSettings } from '../../model/cluster-autoscaler.js';
import type { ClusterState } from '../../model/cluster-state.js';
import type { Node } from '../../model/node.js';
import type { Pod } from '../../model/pod.js';
import { markedForDeletion, podsToMove, RemainingBudgets, scaleDownDisabled } from './drainability.js';
import type { NodeGroup } from './node-groups.js';
import type { SchedulingSimulator } from './simulator.js';
import { nodeUtilization } from './utilization.js';

/** A node the scale-down found it could remove now, with the pods that must move. */
export interface UnneededNode {
  node: Node;
  group: NodeGroup;
  utilization: number;
  pods: Pod[];
  /** When it was first found unneeded in an unbroken run of loops. */
  since: Micros;
}

/**
 * Which nodes are unneeded (core/scaledown/planner, eligibility, unneeded): in a node group, without
 * scale-down-disabled, not already being deleted, utilisation below the threshold, and every pod it
 * holds movable (drainability) and placed by the scheduler's filters on the remaining nodes. Each
 * removable node leaves the snapshot, with its pods on their new nodes, before the next one is tried
 * (FindNodesToRemove), so two half-empty nodes cannot both count on the same free room.
 */
export class ScaleDownPlanner {
  private readonly since = new Map<string, Micros>();

  constructor(
    private readonly cluster: ClusterState,
    private readonly settings: ClusterAutoscalerSettings,
  ) {}

  /** Recomputes the unneeded nodes on a fresh snapshot; a node not unneeded now loses its clock. */
  update(sim: SchedulingSimulator, groups: readonly NodeGroup[], now: Micros): UnneededNode[] {
    // The snapshot is built only when a node is below the threshold (most loops of a busy cluster).
    let fresh = false;
    const byPool = new Map(groups.map((g) => [g.id, g]));
    const podsByNode = new Map<string, Pod[]>();
    for (const p of this.cluster.pods) {
      if (p.nodeName === undefined) continue;
      const list = podsByNode.get(p.nodeName);
      if (list) list.push(p);
      else podsByNode.set(p.nodeName, [p]);
    }
    const budgets = new RemainingBudgets(this.cluster);
    const removed = new Set<string>();
    const out: UnneededNode[] = [];
    for (const node of [...this.cluster.nodes]) {
      const group = node.pool === undefined ? undefined : byPool.get(node.pool);
      if (!group || scaleDownDisabled(node) || markedForDeletion(node)) continue;
      const pods = podsByNode.get(node.name) ?? [];
      const utilization = nodeUtilization(node, pods);
      if (utilization >= this.settings.scaleDownUtilizationThreshold) continue;
      const plan = podsToMove(pods, budgets);
      if (!('pods' in plan)) continue;
      if (!fresh) {
        sim.reset();
        fresh = true;
      }
      if (!this.moveAway(sim, node.name, plan.pods, removed)) continue;
      budgets.spend(plan.pods);
      removed.add(node.name);
      out.push({ node, group, utilization, pods: plan.pods, since: this.since.get(node.name) ?? now });
    }
    this.since.clear();
    for (const u of out) this.since.set(u.node.name, u.since);
    return out;
  }

  /** Forgets a node's unneeded clock (deleted, or its deletion failed). */
  forget(name: string): void {
    this.since.delete(name);
  }

  /**
   * Tries to place every pod of `nodeName` on another node; on success the node leaves the snapshot
   * and the pods stay where they went; on failure the snapshot is as before.
   */
  private moveAway(
    sim: SchedulingSimulator,
    nodeName: string,
    pods: readonly Pod[],
    removed: ReadonlySet<string>,
  ): boolean {
    for (const p of pods) sim.removePod(p, nodeName);
    const destinations = sim.snapshot.nodeInfos
      .map((n) => n.node.name)
      .filter((n) => n !== nodeName && !removed.has(n));
    const moved: { pod: Pod; to: string }[] = [];
    for (const pod of pods) {
      const to = sim.findNode(pod, destinations);
      if (to === undefined) {
        for (const m of moved) sim.removePod(m.pod, m.to);
        for (const p of pods) sim.addPod(p, nodeName);
        return false;
      }
      sim.addPod(pod, to);
      moved.push({ pod, to });
    }
    sim.removeNode(nodeName);
    return true;
  }
}
