import type { SchedulerPodInfo } from '../cache/pod-info.js';
import type { CycleState, FilterPlugin, NodeInfo, PodInfo, PreFilterPlugin } from '../framework/interface.js';
import { Status } from '../framework/status.js';
import { Names } from '../names.js';

/** A shared Skip status: the runner never mutates a Skip. */
const SKIP = Status.skip();

/** kube-scheduler: ErrReason (nodeports/node_ports.go). */
export const ERR_REASON_NODE_PORTS = "node(s) didn't have free ports for the requested pod ports";
const CONFLICT = Status.unschedulable(ERR_REASON_NODE_PORTS).ownedBy(Names.NodePorts);
const WILDCARD = '0.0.0.0';

/** Whether a wanted "protocol/ip/port" clashes with the node's used ports (HostPortInfo.CheckConflict). */
export function portConflicts(used: ReadonlySet<string>, wanted: string): boolean {
  if (used.size === 0) return false;
  const [protocol, ip, port] = wanted.split('/') as [string, string, string];
  if (ip === WILDCARD) {
    // 0.0.0.0 clashes with the same protocol/port on any address.
    for (const key of used) {
      const [p, , n] = key.split('/');
      if (p === protocol && n === port) return true;
    }
    return false;
  }
  return used.has(wanted) || used.has(`${protocol}/${WILDCARD}/${port}`);
}

/** kube-scheduler: NodePorts. Rejects nodes where a requested hostPort is already taken. */
export class NodePorts implements PreFilterPlugin, FilterPlugin {
  readonly name = Names.NodePorts;

  preFilter(_state: CycleState, pod: PodInfo): Status | null {
    return (pod as SchedulerPodInfo).hostPorts?.length ? null : SKIP;
  }

  filter(_state: CycleState, pod: PodInfo, node: NodeInfo): Status | null {
    const wanted = (pod as SchedulerPodInfo).hostPorts ?? [];
    for (const w of wanted) if (portConflicts(node.usedPorts, w)) return CONFLICT;
    return null;
  }
}
