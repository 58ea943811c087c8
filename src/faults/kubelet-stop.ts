import type { KubeletStopFault } from '../model/scenario.js';
import type { FaultContext, FaultKind } from './fault-kind.js';
import { selectNodes } from './node-targets.js';

/**
 * The kubelet process stops (crashed, killed, wedged) while its machine runs: containers keep running
 * and serving, but the node's Lease is no longer renewed, so the node lifecycle controller marks it
 * Unknown, taints it and its pods are evicted and replaced elsewhere, as for a crash. After `for` the
 * kubelet starts again: it adopts the containers still running and removes the pods deleted meanwhile.
 */
export const kubeletStop: FaultKind<KubeletStopFault> = {
  kind: 'kubeletStop',
  schedule(fault, ctx: FaultContext) {
    const { sim, cluster, truth } = ctx;
    sim.scheduleAt(fault.at, () => {
      const { nodes, note } = selectNodes(ctx, fault.target);
      const recoversAt = fault.for === undefined ? undefined : sim.now + fault.for;
      ctx.record({ kind: 'kubeletStop', at: sim.now, nodes: nodes.map((n) => n.name), recoversAt, note });
      for (const node of nodes) truth.setKubeletRunning(node.name, false);
      if (recoversAt === undefined) return;
      sim.scheduleAt(recoversAt, () => {
        for (const node of nodes) if (cluster.node(node.name)) truth.setKubeletRunning(node.name, true);
      });
    });
  },
};
