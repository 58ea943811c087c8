import type { Simulation } from '../engine/simulation.js';
import type { Micros } from '../engine/time.js';
import type { ClusterState } from '../model/cluster-state.js';
import { LABEL_NODE_POOL, type Node, nodeZone } from '../model/node.js';
import type { NodeCrashFault, NodeTarget } from '../model/scenario.js';

/** What a fault did, for the report. */
export interface FaultRecord {
  kind: string;
  at: Micros;
  nodes: string[];
  recoversAt?: Micros;
  /** Why it hit fewer nodes than asked, if it did. */
  note?: string;
}

/** The live nodes a target selects: the named node, or the first `count` matching nodes by name. */
export function selectNodes(cluster: ClusterState, target: NodeTarget): { nodes: Node[]; note?: string } {
  if (target.node !== undefined) {
    const node = cluster.node(target.node);
    return node?.up ? { nodes: [node] } : { nodes: [], note: `node ${target.node} is not up` };
  }
  const candidates = [...cluster.nodes]
    .filter((n) => n.up)
    .filter((n) => target.pool === undefined || (n.pool ?? n.labels[LABEL_NODE_POOL]) === target.pool)
    .filter((n) => target.zone === undefined || nodeZone(n) === target.zone)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const nodes = candidates.slice(0, target.count);
  return nodes.length < target.count
    ? { nodes, note: `only ${nodes.length} of ${target.count} target nodes were up` }
    : { nodes };
}

/**
 * Schedules a node crash: at `fault.at` the chosen machines stop (their kubelets go silent and their
 * containers die); after `fault.for` they boot again. Only the ground truth changes here: Kubernetes
 * notices through the controllers, with their real delays.
 */
export function scheduleNodeCrash(
  sim: Simulation,
  cluster: ClusterState,
  fault: NodeCrashFault,
  record: (r: FaultRecord) => void,
): void {
  sim.scheduleAt(fault.at, () => {
    const { nodes, note } = selectNodes(cluster, fault.target);
    const recoversAt = fault.for === undefined ? undefined : sim.now + fault.for;
    record({ kind: 'nodeCrash', at: sim.now, nodes: nodes.map((n) => n.name), recoversAt, note });
    for (const node of nodes) cluster.updateNode(node.name, (n) => (n.up = false));
    if (recoversAt === undefined) return;
    sim.scheduleAt(recoversAt, () => {
      for (const node of nodes) {
        if (cluster.node(node.name) && !node.up) cluster.updateNode(node.name, (n) => (n.up = true));
      }
    });
  });
}
