import { LABEL_HOSTNAME, LABEL_NODE_POOL, LABEL_REGION, LABEL_ZONE, type Node } from '../../model/node.js';
import { MEMORY } from '../../model/resources.js';
import type { ScaleUpOption } from './expanders/option.js';
import type { NodeGroup } from './node-groups.js';

/**
 * --balance-similar-node-groups (processors/nodegroupset/, flags.go default false): after the
 * expander picks an option, the scale-up is split across the node groups similar to its group that
 * could host the same pods, so that their sizes stay level.
 */

/**
 * Labels that may differ between similar groups (compare_nodegroups.go BasicIgnoredLabels: hostname,
 * zone and region, old and new), and kubesim's pool label, which names the group as the clouds'
 * nodegroup labels do (their comparators ignore those).
 */
const IGNORED_LABELS = new Set([
  LABEL_HOSTNAME,
  LABEL_ZONE,
  LABEL_REGION,
  'failure-domain.beta.kubernetes.io/zone',
  'failure-domain.beta.kubernetes.io/region',
  LABEL_NODE_POOL,
]);

/** compare_nodegroups.go MaxCapacityMemoryDifferenceRatio. */
const MAX_CAPACITY_MEMORY_DIFFERENCE_RATIO = 0.015;

/** Whether `a` and `b` differ by at most `ratio` of the larger (resourceListWithinTolerance). */
function withinRatio(a: number, b: number, ratio: number): boolean {
  const larger = Math.max(a, b);
  return larger === 0 || (larger - Math.min(a, b)) / larger <= ratio;
}

/**
 * IsCloudProviderNodeInfoSimilar on two template nodes. They are empty, and pools give allocatable
 * only, so capacity, allocatable and free resources are one list here: memory within 1.5 %
 * (MaxCapacityMemoryDifferenceRatio; the 5 % of MaxAllocatable/MaxFreeDifferenceRatio follows), every
 * other resource exactly (the capacity check); and the same labels but the ignored ones.
 */
export function similarTemplates(a: Node, b: Node): boolean {
  const resources = new Set([...Object.keys(a.allocatable), ...Object.keys(b.allocatable)]);
  for (const r of resources) {
    const x = a.allocatable[r] ?? 0;
    const y = b.allocatable[r] ?? 0;
    if (r === MEMORY ? !withinRatio(x, y, MAX_CAPACITY_MEMORY_DIFFERENCE_RATIO) : x !== y) return false;
  }
  const keys = new Set([...Object.keys(a.labels), ...Object.keys(b.labels)]);
  for (const k of keys) if (!IGNORED_LABELS.has(k) && a.labels[k] !== b.labels[k]) return false;
  return true;
}

/**
 * The groups to share `best`'s scale-up (ComputeSimilarNodeGroups): its own first, then every other
 * option's group whose template is similar and whose estimate schedules every pod of `best`.
 */
export function similarOptions(best: ScaleUpOption, options: readonly ScaleUpOption[]): ScaleUpOption[] {
  const needed = best.pods.map((p) => p.uid);
  const out = [best];
  for (const o of options) {
    if (o === best || !similarTemplates(best.template, o.template)) continue;
    const hosts = new Set(o.pods.map((p) => p.uid));
    if (needed.every((uid) => hosts.has(uid))) out.push(o);
  }
  return out;
}

/**
 * BalanceScaleUpBetweenGroups (balancing_processor.go): `newNodes` nodes go one by one to the group
 * with the smallest new size still below its max (ties to the group that was smaller, then the
 * earlier one), which levels the groups as upstream's water-filling does. Returns the nodes added to
 * each group, in the order given; groups that get none are left out.
 */
export function balanceScaleUp(
  groups: readonly { group: NodeGroup; size: number }[],
  newNodes: number,
): { group: NodeGroup; from: number; to: number }[] {
  const order = groups.map((g, i) => ({ ...g, i, to: g.size })).sort((x, y) => x.size - y.size || x.i - y.i);
  for (let n = 0; n < newNodes; n++) {
    let pick: (typeof order)[number] | undefined;
    for (const g of order) if (g.to < g.group.max && (pick === undefined || g.to < pick.to)) pick = g;
    if (!pick) break;
    pick.to++;
  }
  return order
    .filter((g) => g.to > g.size)
    .sort((x, y) => x.i - y.i)
    .map((g) => ({ group: g.group, from: g.size, to: g.to }));
}
