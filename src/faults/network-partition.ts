import type { NetworkPartitionFault } from '../model/scenario.js';
import type { FaultKind } from './fault-kind.js';
import { selectedNodes } from './node-targets.js';

/**
 * A network partition between nodes and the control plane: from `at`, for `for`, the kubelets of the
 * target nodes cannot reach the API server. Their pods keep running; their Leases go stale, so the
 * node lifecycle controller marks the nodes Unknown, taints them, and their pods are evicted and
 * replaced elsewhere while the originals still run, Terminating until the partition heals and their
 * kubelet learns of the deletion (as upstream). Only the node ↔ control-plane path is cut: kube-proxy
 * elsewhere keeps sending traffic to the pods while the EndpointSlices list them ready.
 */
export const networkPartition: FaultKind<NetworkPartitionFault> = {
  kind: 'networkPartition',
  schedule(fault, ctx) {
    const { sim, truth } = ctx;
    sim.scheduleAt(fault.at, () => {
      const { nodes, note } = selectedNodes(ctx, fault.target);
      const names = nodes.map((n) => n.name);
      const recoversAt = fault.for === undefined ? undefined : sim.now + fault.for;
      ctx.record({ kind: 'networkPartition', at: sim.now, nodes: names, recoversAt, note });
      for (const name of names) truth.setPartitioned(name, true);
      if (recoversAt !== undefined)
        sim.scheduleAt(recoversAt, () => {
          for (const name of names) truth.setPartitioned(name, false);
        });
    });
  },
};
