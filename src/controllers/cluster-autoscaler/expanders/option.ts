import type { Node } from '../../../model/node.js';
import type { Pod } from '../../../model/pod.js';
import { CPU, MEMORY, podRequests } from '../../../model/resources.js';
import type { NodeGroup } from '../node-groups.js';

/** A scale-up option (expander.Option): grow `group` by `nodeCount` nodes like `template` for `pods`. */
export interface ScaleUpOption {
  readonly group: NodeGroup;
  readonly nodeCount: number;
  readonly pods: readonly Pod[];
  readonly template: Node;
}

/** What the expanders may read besides the options. */
export interface ExpanderContext {
  /** Nodes in the cluster now (the price expander's preferred node grows with it). */
  readonly clusterNodes: number;
}

/**
 * An expander that narrows the options (expander.Filter): it returns the best ones, several when
 * tied. The chain applies them in order; random breaks what is left (expander/factory/chain.go).
 */
export interface ExpanderFilter {
  readonly name: string;
  bestOptions(options: readonly ScaleUpOption[], ctx: ExpanderContext): ScaleUpOption[];
}

/** Σ cpu (millicores) and memory (bytes) requests of the pods (resourcesForPods). */
export function podsRequests(pods: readonly Pod[]): { cpu: number; memory: number } {
  let cpu = 0;
  let memory = 0;
  for (const p of pods) {
    const r = podRequests(p.spec.containers, p.spec.initContainers, p.spec.overhead);
    cpu += r[CPU] ?? 0;
    memory += r[MEMORY] ?? 0;
  }
  return { cpu, memory };
}

/** The options scoring lowest (`score` ascending), ties kept in order. */
export function lowest(
  options: readonly ScaleUpOption[],
  score: (o: ScaleUpOption) => number | undefined,
): ScaleUpOption[] {
  let best: ScaleUpOption[] = [];
  let bestScore = Number.POSITIVE_INFINITY;
  for (const o of options) {
    const s = score(o);
    if (s === undefined) continue;
    if (s < bestScore) {
      bestScore = s;
      best = [o];
    } else if (s === bestScore) best.push(o);
  }
  return best;
}
