import type { ClusterState } from '../../../model/cluster-state.js';
import { matchesMapSelector } from '../../../model/labels.js';
import { LABEL_HOSTNAME, LABEL_ZONE, type Node } from '../../../model/node.js';
import type { Pod, TopologySpreadConstraint } from '../../../model/pod.js';
import type { PodInfo } from '../../framework/interface.js';
import { hasUntoleratedTaint, matchesRequiredNodeAffinity } from './node-inclusion.js';
import {
  type CompiledSelector,
  compileSelector,
  mergeMatchLabelKeys,
  selectorIsEmpty,
  selectorMatches,
} from './selector.js';

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
 * Pods' own constraints converted per spec and action: pods of one workload share their spec, and
 * without matchLabelKeys (which read the pod's labels) the conversion depends on the spec alone.
 * Owned by a plugin instance.
 */
export class ConvertedConstraints {
  private readonly bySpec = new WeakMap<
    Pod['spec'],
    Partial<Record<WhenUnsatisfiable, SpreadConstraint[]>>
  >();

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
  const constraints = filterConstraints(defaults, pod.labels, action);
  if (constraints.length === 0) return constraints;
  const selector = defaultSelector(pod, cluster);
  if (selectorIsEmpty(selector)) return [];
  return constraints.map((c) => ({ ...c, selector }));
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

/**
 * common.go: countPodsMatchSelector: pods on the node in `namespace` matching the selector, leaving
 * out terminating pods (#87621).
 */
export function countMatchingPods(
  pods: readonly PodInfo[],
  selector: CompiledSelector,
  namespace: string,
): number {
  if (selector.nothing) return 0;
  let count = 0;
  for (let i = 0; i < pods.length; i++) {
    const pod = (pods[i] as PodInfo).pod;
    if (pod.deletionTimestamp !== undefined || pod.namespace !== namespace) continue;
    if (selectorMatches(selector, pod.labels)) count++;
  }
  return count;
}
