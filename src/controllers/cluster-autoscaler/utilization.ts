import type { Node } from '../../model/node.js';
import type { Pod } from '../../model/pod.js';
import { CPU, MEMORY, podRequests } from '../../model/resources.js';

/**
 * A node's utilisation as the scale-down sees it (simulator/utilization/info.go Calculate): Σ pod
 * requests / allocatable for cpu and for memory, the larger of the two. Finished pods do not count.
 */
export function nodeUtilization(node: Node, pods: readonly Pod[]): number {
  let cpu = 0;
  let memory = 0;
  for (const p of pods) {
    if (p.phase === 'Succeeded' || p.phase === 'Failed') continue;
    const r = podRequests(p.spec.containers, p.spec.initContainers, p.spec.overhead);
    cpu += r[CPU] ?? 0;
    memory += r[MEMORY] ?? 0;
  }
  const allocCpu = node.allocatable[CPU] ?? 0;
  const allocMemory = node.allocatable[MEMORY] ?? 0;
  return Math.max(allocCpu > 0 ? cpu / allocCpu : 0, allocMemory > 0 ? memory / allocMemory : 0);
}
