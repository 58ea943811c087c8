import type { Micros } from '../engine/time.js';
import type { NodeCrashFault, NodeRebootFault, NodeTarget } from '../model/scenario.js';
import type { FaultContext, FaultKind } from './fault-kind.js';
import { selectNodes } from './node-targets.js';

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
    for (const node of nodes) truth.holdMachineDown(node.name, true);
    if (recoversAt === undefined) return;
    sim.scheduleAt(recoversAt, () => {
      for (const node of nodes) if (cluster.node(node.name)) truth.holdMachineDown(node.name, false);
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
