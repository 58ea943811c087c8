import type { Micros } from '../engine/time.js';
import { LABEL_NODE_POOL, type Node, nodeZone } from '../model/node.js';
import type { NodeCrashFault, NodeRebootFault, NodeTarget } from '../model/scenario.js';
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
 * At `at` the target's machines stop (their kubelets go silent and their containers die); after
 * `downFor` (if given) they boot again. Only the ground truth changes: Kubernetes notices through the
 * controllers, with their real delays.
 */
function machinesDown(
  kind: string,
  at: Micros,
  target: NodeTarget,
  downFor: Micros | undefined,
  ctx: FaultContext,
): void {
  const { sim, cluster, truth } = ctx;
  sim.scheduleAt(at, () => {
    const { nodes, note } = selectNodes(ctx, target);
    const recoversAt = downFor === undefined ? undefined : sim.now + downFor;
    ctx.record({ kind, at: sim.now, nodes: nodes.map((n) => n.name), recoversAt, note });
    for (const node of nodes) truth.setMachineUp(node.name, false);
    if (recoversAt === undefined) return;
    sim.scheduleAt(recoversAt, () => {
      for (const node of nodes) if (cluster.node(node.name)) truth.setMachineUp(node.name, true);
    });
  });
}

/** A node crash (power loss, kernel panic): down at `at`, back after `for` or never. */
export const nodeCrash: FaultKind<NodeCrashFault> = {
  kind: 'nodeCrash',
  schedule: (fault, ctx) => machinesDown('nodeCrash', fault.at, fault.target, fault.for, ctx),
};

/**
 * A reboot: down at `at`, up after `bootTime`. Without graceful node shutdown (shutdownGracePeriod is
 * 0 by default in KubeletConfiguration) the pods get no SIGTERM: a reboot is a short crash.
 */
export const nodeReboot: FaultKind<NodeRebootFault> = {
  kind: 'nodeReboot',
  schedule: (fault, ctx) => machinesDown('nodeReboot', fault.at, fault.target, fault.bootTime, ctx),
};
