import type { CycleState, FilterPlugin, NodeInfo, PodInfo, PreFilterPlugin } from '../framework/interface.js';
import { Status } from '../framework/status.js';
import { Names } from '../names.js';

/** kube-scheduler: ErrReason (nodename/node_name.go). */
export const ERR_REASON_NODE_NAME = "node(s) didn't match the requested node name";
const MISMATCH = Status.unresolvable(ERR_REASON_NODE_NAME).ownedBy(Names.NodeName);
const SKIP = Status.skip();

/**
 * kube-scheduler: NodeName. A pod with spec.nodeName fits only that node. kubesim adds a PreFilter that
 * skips the Filter for pods without spec.nodeName (nearly all): same outcome, one call less per node.
 */
export class NodeName implements PreFilterPlugin, FilterPlugin {
  readonly name = Names.NodeName;

  preFilter(_state: CycleState, pod: PodInfo): Status | null {
    const want = pod.pod.spec.nodeName;
    return want === undefined || want === '' ? SKIP : null;
  }

  filter(_state: CycleState, pod: PodInfo, node: NodeInfo): Status | null {
    const want = pod.pod.spec.nodeName;
    if (want === undefined || want === '' || want === node.node.name) return null;
    return MISMATCH;
  }
}
