import { TAINT_NODE_UNSCHEDULABLE, toleratesTaint } from '../../model/taints.js';
import type { CycleState, FilterPlugin, NodeInfo, PodInfo } from '../framework/interface.js';
import { Status } from '../framework/status.js';
import { Names } from '../names.js';

/** kube-scheduler: ErrReasonUnschedulable (nodeunschedulable/node_unschedulable.go). */
export const ERR_REASON_UNSCHEDULABLE = 'node(s) were unschedulable';
const UNSCHEDULABLE = Status.unresolvable(ERR_REASON_UNSCHEDULABLE).ownedBy(Names.NodeUnschedulable);
const UNSCHEDULABLE_TAINT = { key: TAINT_NODE_UNSCHEDULABLE, effect: 'NoSchedule' } as const;

/**
 * kube-scheduler: NodeUnschedulable. Rejects cordoned nodes (spec.unschedulable) unless the pod
 * tolerates the node.kubernetes.io/unschedulable:NoSchedule taint.
 */
export class NodeUnschedulable implements FilterPlugin {
  readonly name = Names.NodeUnschedulable;

  filter(_state: CycleState, pod: PodInfo, node: NodeInfo): Status | null {
    if (!node.node.unschedulable) return null;
    for (const t of pod.pod.spec.tolerations) if (toleratesTaint(t, UNSCHEDULABLE_TAINT)) return null;
    return UNSCHEDULABLE;
  }
}
