import type { Micros } from '../../engine/time.js';
import type { Node } from '../../model/node.js';
import type { Pod } from '../../model/pod.js';
import { CPU, MEMORY, podRequests } from '../../model/resources.js';
import type { NodeGroup } from './node-groups.js';
import type { SchedulingSimulator } from './simulator.js';

/** How many new nodes of a group the pods need, and which pods they would hold. */
export interface BinpackingEstimate {
  nodeCount: number;
  pods: Pod[];
}

/**
 * The binpacking estimator (estimator/binpacking_estimator.go): pods in decreasing order of their
 * share of the template (DecreasingPodOrderer: cpu/allocatable + memory/allocatable), each placed on
 * a new node already opened if the scheduler's filters pass there, else on a new node from the
 * template while fewer than `limit` are open; a pod that does not fit an empty new node is skipped.
 * Only nodes that received a pod count. The new nodes are removed from the snapshot afterwards.
 */
export function estimateNodes(
  sim: SchedulingSimulator,
  group: NodeGroup,
  pods: readonly Pod[],
  limit: number,
  now: Micros,
): BinpackingEstimate {
  const template = group.template(now);
  const score = (p: Pod): number => {
    const r = podRequests(p.spec.containers, p.spec.initContainers, p.spec.overhead);
    return share(r[CPU], template.allocatable[CPU]) + share(r[MEMORY], template.allocatable[MEMORY]);
  };
  const ordered = pods
    .map((pod, i) => ({ pod, i, s: score(pod) }))
    .sort((a, b) => b.s - a.s || a.i - b.i)
    .map((e) => e.pod);
  const opened: Node[] = [];
  const names: string[] = [];
  const placed: Pod[] = [];
  const used = new Set<string>();
  for (const pod of ordered) {
    // The last node opened first (upstream tries it before the others), then the rest.
    let at = names.length > 0 ? sim.findNode(pod, [...names].reverse()) : undefined;
    if (at === undefined && opened.length < limit) {
      const node = group.template(now, opened.length);
      sim.addNode(node);
      opened.push(node);
      names.push(node.name);
      at = sim.findNode(pod, [node.name]);
      if (at === undefined) {
        // Does not fit an empty template node: not this group's pod. Close the node again.
        sim.removeNode(node.name);
        opened.pop();
        names.pop();
      }
    }
    if (at === undefined) continue;
    sim.addPod(pod, at);
    placed.push(pod);
    used.add(at);
  }
  for (const n of names) sim.removeNode(n);
  return { nodeCount: used.size, pods: placed };
}

function share(request: number | undefined, allocatable: number | undefined): number {
  return allocatable ? (request ?? 0) / allocatable : 0;
}
