import type { NetworkPartitionFault } from '../model/scenario.js';
import type { FaultKind } from './fault-kind.js';
import { scheduleNodeCondition } from './node-targets.js';

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
    scheduleNodeCondition(fault, ctx, (name, on) => ctx.truth.setPartitioned(name, on));
  },
};
