import { LABEL_NODE_POOL, type Node, nodeZone } from '../model/node.js';
import type { NodeCrashFault, NodeTarget } from '../model/scenario.js';
import type { FaultContext, FaultKind } from './fault-kind.js';

/** The live nodes a target selects: the named node, or the first `count` matching nodes by name. */
export function selectNodes(
  ctx: Pick<FaultContext, 'cluster' | 'truth'>,
  target: NodeTarget,
): { nodes: Node[]; note?: string } {
  const { cluster, truth } = ctx;
  if (target.node !== undefined) {
    const node = cluster.node(target.node);
    return node && truth.isUp(node.name)
      ? { nodes: [node] }
      : { nodes: [], note: `node ${target.node} is not up` };
  }
  const candidates = [...cluster.nodes]
    .filter((n) => truth.isUp(n.name))
    .filter((n) => target.pool === undefined || (n.pool ?? n.labels[LABEL_NODE_POOL]) === target.pool)
    .filter((n) => target.zone === undefined || nodeZone(n) === target.zone)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const nodes = candidates.slice(0, target.count);
  return nodes.length < target.count
    ? { nodes, note: `only ${nodes.length} of ${target.count} target nodes were up` }
    : { nodes };
}

/**
 * A node crash: at `fault.at` the chosen machines stop (their kubelets go silent and their containers
 * die); after `fault.for` they boot again. Only the ground truth changes here: Kubernetes notices
 * through the controllers, with their real delays.
 */
export const nodeCrash: FaultKind<NodeCrashFault> = {
  kind: 'nodeCrash',
  schedule(fault, ctx) {
    const { sim, cluster, truth } = ctx;
    sim.scheduleAt(fault.at, () => {
      const { nodes, note } = selectNodes(ctx, fault.target);
      const recoversAt = fault.for === undefined ? undefined : sim.now + fault.for;
      ctx.record({ kind: 'nodeCrash', at: sim.now, nodes: nodes.map((n) => n.name), recoversAt, note });
      for (const node of nodes) truth.setMachineUp(node.name, false);
      if (recoversAt === undefined) return;
      sim.scheduleAt(recoversAt, () => {
        for (const node of nodes) if (cluster.node(node.name)) truth.setMachineUp(node.name, true);
      });
    });
  },
};
