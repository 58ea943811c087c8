import type { CycleState, FilterPlugin, NodeInfo, PodInfo } from '../framework/interface.js';
import { Status } from '../framework/status.js';
import { Names } from '../names.js';

/** kube-scheduler: ErrReason (nodename/node_name.go). */
export const ERR_REASON_NODE_NAME = "node(s) didn't match the requested node name";
const MISMATCH = Status.unresolvable(ERR_REASON_NODE_NAME);

/** kube-scheduler: NodeName. A pod with spec.nodeName fits only that node. */
export class NodeName implements FilterPlugin {
  readonly name = Names.NodeName;

  filter(_state: CycleState, pod: PodInfo, node: NodeInfo): Status | null {
    const want = pod.pod.spec.nodeName;
    if (want === undefined || want === '' || want === node.node.name) return null;
    return MISMATCH;
  }
}
