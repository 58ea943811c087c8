import { LABEL_NODE_POOL, type Node, nodeZone } from '../model/node.js';
import type { NodeSelection, NodeTarget } from '../model/scenario.js';
import type { FaultContext } from './fault-kind.js';

/** Whether the node is in the selection's pool and zone (either may be unset). */
export function inSelection(node: Node, selection: Pick<NodeSelection, 'pool' | 'zone'>): boolean {
  return (
    (selection.pool === undefined || (node.pool ?? node.labels[LABEL_NODE_POOL]) === selection.pool) &&
    (selection.zone === undefined || nodeZone(node) === selection.zone)
  );
}

/** The nodes of the cluster in the selection's pool and zone, in name order. */
export function nodesIn(
  ctx: Pick<FaultContext, 'cluster'>,
  selection: Pick<NodeSelection, 'pool' | 'zone'>,
): Node[] {
  return [...ctx.cluster.nodes].filter((n) => inSelection(n, selection)).sort(byName);
}

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
  const candidates = nodesIn(ctx, target).filter((n) => truth.isUp(n.name));
  const nodes = candidates.slice(0, target.count);
  return nodes.length < target.count
    ? { nodes, note: `only ${nodes.length} of ${target.count} target nodes were up` }
    : { nodes };
}

/**
 * The nodes a selection names, up or down (a partition or a slowdown acts on the machine whatever
 * else happens to it): the named node, or the first `count` (all if unset) of the pool and zone.
 */
export function selectedNodes(
  ctx: Pick<FaultContext, 'cluster'>,
  selection: NodeSelection,
): { nodes: Node[]; note?: string } {
  if (selection.node !== undefined) {
    const node = ctx.cluster.node(selection.node);
    return node ? { nodes: [node] } : { nodes: [], note: `node ${selection.node} does not exist` };
  }
  const all = nodesIn(ctx, selection);
  if (selection.count === undefined)
    return all.length > 0 ? { nodes: all } : { nodes: [], note: 'no node matched' };
  const nodes = all.slice(0, selection.count);
  return nodes.length < selection.count
    ? { nodes, note: `only ${nodes.length} of ${selection.count} target nodes exist` }
    : { nodes };
}

/**
 * A condition put on the selected nodes' machines at `fault.at` and lifted after `fault.for` (kept to
 * the end without it): what a partition and a slowdown share. Records the fault as it strikes.
 */
export function scheduleNodeCondition(
  fault: { kind: string; at: number; target: NodeSelection; for?: number },
  ctx: FaultContext,
  set: (machine: string, on: boolean) => void,
): void {
  const { sim } = ctx;
  sim.scheduleAt(fault.at, () => {
    const { nodes, note } = selectedNodes(ctx, fault.target);
    const names = nodes.map((n) => n.name);
    const recoversAt = fault.for === undefined ? undefined : sim.now + fault.for;
    ctx.record({ kind: fault.kind, at: sim.now, nodes: names, recoversAt, note });
    for (const name of names) set(name, true);
    if (recoversAt !== undefined)
      sim.scheduleAt(recoversAt, () => {
        for (const name of names) set(name, false);
      });
  });
}

function byName(a: Node, b: Node): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
