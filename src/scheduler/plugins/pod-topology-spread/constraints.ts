import type { ClusterState } from '../../../model/cluster-state.js';
import { matchesMapSelector } from '../../../model/labels.js';
import { LABEL_HOSTNAME, LABEL_ZONE, type Node } from '../../../model/node.js';
import type { Pod, TopologySpreadConstraint } from '../../../model/pod.js';
import type { Workload } from '../../../model/workloads.js';
import { hasUntoleratedTaint, matchesRequiredNodeAffinity } from './node-inclusion.js';
import { type CompiledSelector, compileSelector, mergeMatchLabelKeys, selectorIsEmpty } from './selector.js';

/** v1.UnsatisfiableConstraintAction. */
export type WhenUnsatisfiable = TopologySpreadConstraint['whenUnsatisfiable'];

/**
 * A topology spread constraint with its selector converted and its defaults applied
 * (podtopologyspread/common.go: topologySpreadConstraint).
 */
export interface SpreadConstraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly selector: CompiledSelector;
  /** 1 when unset. */
  readonly minDomains: number;
  /** Honor when unset: only nodes matching the pod's nodeSelector/required node affinity count. */
  readonly nodeAffinityPolicy: 'Honor' | 'Ignore';
  /** Ignore when unset. */
  readonly nodeTaintsPolicy: 'Honor' | 'Ignore';
}

/**
 * plugin.go: systemDefaultConstraints, used when defaultingType is System and the pod has no
 * constraints of its own.
 */
export const SYSTEM_DEFAULT_CONSTRAINTS: readonly TopologySpreadConstraint[] = Object.freeze([
  { topologyKey: LABEL_HOSTNAME, whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 3 },
  { topologyKey: LABEL_ZONE, whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 5 },
]);

/**
 * common.go: filterTopologySpreadConstraints. Keeps the constraints with the given action, converts
 * their selectors and merges matchLabelKeys (MatchLabelKeysInPodTopologySpread, on by default).
 */
export function filterConstraints(
  constraints: readonly TopologySpreadConstraint[],
  podLabels: Pod['labels'],
  action: WhenUnsatisfiable,
): SpreadConstraint[] {
  const out: SpreadConstraint[] = [];
  for (const c of constraints) {
    if (c.whenUnsatisfiable !== action) continue;
    out.push({
      maxSkew: c.maxSkew,
      topologyKey: c.topologyKey,
      selector: mergeMatchLabelKeys(compileSelector(c.labelSelector), c.matchLabelKeys, podLabels),
      minDomains: c.minDomains ?? 1,
      nodeAffinityPolicy: c.nodeAffinityPolicy ?? 'Honor',
      nodeTaintsPolicy: c.nodeTaintsPolicy ?? 'Ignore',
    });
  }
  return out;
}

/**
 * helper.DefaultSelector: the union of the selectors of the Services selecting the pod (same
 * namespace) and of its controlling ReplicaSet (Deployment in kubesim) or StatefulSet. Empty when
 * nothing selects the pod.
 */
export function defaultSelector(pod: Pod, cluster: ClusterState): CompiledSelector {
  const merged: Record<string, string> = {};
  for (const service of cluster.services) {
    if (service.namespace !== pod.namespace) continue;
    if (!matchesMapSelector(service.selector, pod.labels)) continue;
    Object.assign(merged, service.selector);
  }
  const requirements = compileSelector({ matchLabels: merged }).requirements.slice();
  if (pod.owner) {
    const workload = cluster.workload(pod.owner.key);
    // ReplicaSets are internal to kubesim: a pod "owned by a ReplicaSet" points at its Deployment,
    // whose selector is the ReplicaSet's (less the pod-template-hash, which no other pod carries).
    const kindMatches =
      workload !== undefined &&
      ((pod.owner.kind === 'ReplicaSet' && workload.kind === 'Deployment') ||
        (pod.owner.kind === 'StatefulSet' && workload.kind === 'StatefulSet'));
    if (kindMatches && workload.namespace === pod.namespace) {
      requirements.push(...compileSelector(workload.selector).requirements);
    }
  }
  return { nothing: false, requirements };
}

/**
 * The constraints pods get, converted once per workload rather than per cycle. A pod's own ones are
 * kept per spec and action: pods of one workload share their spec, and without matchLabelKeys (which
 * read the pod's labels) the conversion depends on the spec alone. Default ones are kept per labels
 * object (which replicas share), namespace and owner, while the cluster's Services and the owner's
 * selector stay the same objects: the default selector reads nothing else. Owned by a plugin instance.
 */
export class ConvertedConstraints {
  private readonly bySpec = new WeakMap<
    Pod['spec'],
    Partial<Record<WhenUnsatisfiable, SpreadConstraint[]>>
  >();
  private readonly byLabels = new WeakMap<Pod['labels'], Map<string, DefaultedEntry>>();

  of(pod: Pod, action: WhenUnsatisfiable): SpreadConstraint[] {
    let forSpec = this.bySpec.get(pod.spec);
    if (!forSpec) {
      forSpec = {};
      this.bySpec.set(pod.spec, forSpec);
    }
    let converted = forSpec[action];
    if (!converted) {
      converted = filterConstraints(pod.spec.topologySpreadConstraints, pod.labels, action);
      forSpec[action] = converted;
    }
    return converted;
  }

  /** buildDefaultConstraints for `pod` (see podConstraints), memoised as the class says. */
  defaulted(
    pod: Pod,
    action: WhenUnsatisfiable,
    defaults: readonly TopologySpreadConstraint[],
    cluster: ClusterState,
  ): readonly SpreadConstraint[] {
    let forLabels = this.byLabels.get(pod.labels);
    if (!forLabels) {
      forLabels = new Map();
      this.byLabels.set(pod.labels, forLabels);
    }
    const key = `${pod.namespace}\u0000${pod.owner?.kind ?? ''}\u0000${pod.owner?.key ?? ''}`;
    const workload = pod.owner ? cluster.workload(pod.owner.key) : undefined;
    let entry = forLabels.get(key);
    if (
      entry === undefined ||
      entry.serviceRevision !== cluster.serviceRevision ||
      entry.workload !== workload ||
      entry.workloadSelector !== workload?.selector
    ) {
      entry = {
        serviceRevision: cluster.serviceRevision,
        workload,
        workloadSelector: workload?.selector,
        byAction: {},
      };
      forLabels.set(key, entry);
    }
    let constraints = entry.byAction[action];
    if (constraints === undefined) {
      constraints = buildDefaultConstraints(pod, action, defaults, cluster);
      entry.byAction[action] = constraints;
    }
    return constraints;
  }
}

/** What the default constraints of one labels object, namespace and owner were derived from. */
interface DefaultedEntry {
  readonly serviceRevision: number;
  readonly workload: Workload | undefined;
  readonly workloadSelector: Workload['selector'] | undefined;
  readonly byAction: Partial<Record<WhenUnsatisfiable, readonly SpreadConstraint[]>>;
}

/**
 * common.go: buildDefaultConstraints: the default constraints with the default selector; none when
 * the default selector is empty.
 */
function buildDefaultConstraints(
  pod: Pod,
  action: WhenUnsatisfiable,
  defaults: readonly TopologySpreadConstraint[],
  cluster: ClusterState,
): readonly SpreadConstraint[] {
  const constraints = filterConstraints(defaults, pod.labels, action);
  if (constraints.length === 0) return constraints;
  const selector = defaultSelector(pod, cluster);
  if (selectorIsEmpty(selector)) return [];
  return constraints.map((c) => ({ ...c, selector }));
}

/**
 * The constraints that apply to `pod` for `action`: its own, or, when it has none, the default
 * constraints with the default selector (common.go: buildDefaultConstraints); none when the default
 * selector is empty. The result may be shared between pods and must not be mutated.
 */
export function podConstraints(
  pod: Pod,
  action: WhenUnsatisfiable,
  defaults: readonly TopologySpreadConstraint[],
  cluster: ClusterState,
  converted: ConvertedConstraints,
): readonly SpreadConstraint[] {
  const own = pod.spec.topologySpreadConstraints;
  if (own.length > 0) {
    if (own.some((c) => (c.matchLabelKeys?.length ?? 0) > 0))
      return filterConstraints(own, pod.labels, action);
    return converted.of(pod, action);
  }
  return converted.defaulted(pod, action, defaults, cluster);
}

/** common.go: nodeLabelsMatchSpreadConstraints: the node carries every constraint's topology key. */
export function nodeHasAllTopologyKeys(node: Node, constraints: readonly SpreadConstraint[]): boolean {
  for (const c of constraints) {
    if (node.labels[c.topologyKey] === undefined) return false;
  }
  return true;
}

/**
 * Per-node answers to the node inclusion policies, computed once per cycle: whether the node matches
 * the pod's required node affinity and whether it has a taint the pod does not tolerate.
 */
export interface NodeInclusion {
  readonly affinityMatch: boolean;
  readonly untolerated: boolean;
}

/** The node's inclusion facts for `pod`, computing only what `constraints` ask for. */
export function nodeInclusion(pod: Pod, node: Node, constraints: readonly SpreadConstraint[]): NodeInclusion {
  let needAffinity = false;
  let needTaints = false;
  for (const c of constraints) {
    if (c.nodeAffinityPolicy === 'Honor') needAffinity = true;
    if (c.nodeTaintsPolicy === 'Honor') needTaints = true;
  }
  return {
    affinityMatch: needAffinity ? matchesRequiredNodeAffinity(pod, node) : true,
    untolerated: needTaints ? hasUntoleratedTaint(pod, node) : false,
  };
}

/** common.go: matchNodeInclusionPolicies. */
export function includesNode(c: SpreadConstraint, inclusion: NodeInclusion): boolean {
  if (c.nodeAffinityPolicy === 'Honor' && !inclusion.affinityMatch) return false;
  if (c.nodeTaintsPolicy === 'Honor' && inclusion.untolerated) return false;
  return true;
}
