import type { Node } from '../../../model/node.js';
import type { Pod } from '../../../model/pod.js';
import type { NodeInfo, PodInfo, Snapshot } from '../../framework/interface.js';
import { Code, Status } from '../../framework/status.js';
import {
  type AffinityTerm,
  addCount,
  getCount,
  type PodAffinityTerms,
  podAffinityTerms,
  podMatchesAllTerms,
  type TopologyCounts,
  termMatchesPod,
} from './terms.js';

/** filtering.go: ErrReasonExistingAntiAffinityRulesNotMatch. */
export const ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH =
  "node(s) didn't satisfy existing pods anti-affinity rules";
/** filtering.go: ErrReasonAffinityRulesNotMatch. */
export const ERR_REASON_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod affinity rules";
/** filtering.go: ErrReasonAntiAffinityRulesNotMatch. */
export const ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod anti-affinity rules";

// Shared rejection values so that Filter allocates nothing per node.
const AFFINITY_NOT_MATCH = new Status(Code.UnschedulableAndUnresolvable, [
  ERR_REASON_AFFINITY_RULES_NOT_MATCH,
]);
const ANTI_AFFINITY_NOT_MATCH = new Status(Code.Unschedulable, [ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH]);
const EXISTING_ANTI_AFFINITY_NOT_MATCH = new Status(Code.Unschedulable, [
  ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH,
]);

/** filtering.go: preFilterState. */
export interface PreFilterState {
  readonly terms: PodAffinityTerms;
  /** Topology pairs where existing pods' required anti-affinity terms match the incoming pod. */
  readonly existingAntiAffinityCounts: TopologyCounts;
  /** Topology pairs where existing pods match all the incoming pod's required affinity terms (per term). */
  readonly affinityCounts: TopologyCounts;
  /** Topology pairs where existing pods match the incoming pod's required anti-affinity terms. */
  readonly antiAffinityCounts: TopologyCounts;
}

/**
 * filtering.go: PreFilter (getExistingAntiAffinityCounts + getIncomingAffinityAntiAffinityCounts).
 * Returns null when there is nothing to check (the plugin then Skips its Filter).
 */
export function computePreFilterState(pod: PodInfo, snapshot: Snapshot): PreFilterState | null {
  const incoming = pod.pod;
  const terms = podAffinityTerms(incoming);
  const existingAntiAffinityCounts: TopologyCounts = new Map();
  // Only nodes hosting pods with required anti-affinity can hold a term against the incoming pod.
  for (const info of snapshot.havePodsWithRequiredAntiAffinity) {
    const node = info.node;
    for (const existing of info.podsWithRequiredAntiAffinity) {
      for (const t of podAffinityTerms(existing.pod).requiredAntiAffinity) {
        if (!termMatchesPod(t, incoming)) continue;
        const value = node.labels[t.topologyKey];
        if (value !== undefined) addCount(existingAntiAffinityCounts, t.topologyKey, value, 1);
      }
    }
  }
  const affinityCounts: TopologyCounts = new Map();
  const antiAffinityCounts: TopologyCounts = new Map();
  const required = terms.requiredAffinity;
  const requiredAnti = terms.requiredAntiAffinity;
  if (required.length > 0 || requiredAnti.length > 0) {
    for (const info of snapshot.nodeInfos) {
      const node = info.node;
      for (const existing of info.pods) {
        updateWithAffinityTerms(affinityCounts, existing.pod, node, required, 1);
        updateWithAntiAffinityTerms(antiAffinityCounts, existing.pod, node, requiredAnti, 1);
      }
    }
  }
  if (existingAntiAffinityCounts.size === 0 && required.length === 0 && requiredAnti.length === 0)
    return null;
  return { terms, existingAntiAffinityCounts, affinityCounts, antiAffinityCounts };
}

/** filtering.go: updateWithAffinityTerms: counts each term's pair once when the pod matches all terms. */
function updateWithAffinityTerms(
  m: TopologyCounts,
  pod: Pod,
  node: Node,
  terms: readonly AffinityTerm[],
  delta: number,
): void {
  if (!podMatchesAllTerms(terms, pod)) return;
  for (const t of terms) {
    const value = node.labels[t.topologyKey];
    if (value !== undefined) addCount(m, t.topologyKey, value, delta);
  }
}

/** filtering.go: updateWithAntiAffinityTerms: counts the pair of every term the pod matches. */
function updateWithAntiAffinityTerms(
  m: TopologyCounts,
  pod: Pod,
  node: Node,
  terms: readonly AffinityTerm[],
  delta: number,
): void {
  for (const t of terms) {
    if (!termMatchesPod(t, pod)) continue;
    const value = node.labels[t.topologyKey];
    if (value !== undefined) addCount(m, t.topologyKey, value, delta);
  }
}

/**
 * filtering.go: satisfyPodAffinity: every required term needs its topology key on the node and a
 * matching pod in the node's domain — unless no pod anywhere matches and the pod matches its own
 * terms (the first pod of a group that has affinity to itself).
 */
function satisfyPodAffinity(state: PreFilterState, pod: Pod, node: Node): boolean {
  let podsExist = true;
  for (const t of state.terms.requiredAffinity) {
    const value = node.labels[t.topologyKey];
    if (value === undefined) return false;
    if (getCount(state.affinityCounts, t.topologyKey, value) <= 0) podsExist = false;
  }
  if (podsExist) return true;
  return state.affinityCounts.size === 0 && podMatchesAllTerms(state.terms.requiredAffinity, pod);
}

/** filtering.go: satisfyPodAntiAffinity. */
function satisfyPodAntiAffinity(state: PreFilterState, node: Node): boolean {
  if (state.antiAffinityCounts.size === 0) return true;
  for (const t of state.terms.requiredAntiAffinity) {
    const value = node.labels[t.topologyKey];
    if (value !== undefined && getCount(state.antiAffinityCounts, t.topologyKey, value) > 0) return false;
  }
  return true;
}

/** filtering.go: satisfyExistingPodsAntiAffinity: no matching existing term in any of the node's domains. */
function satisfyExistingPodsAntiAffinity(state: PreFilterState, node: Node): boolean {
  if (state.existingAntiAffinityCounts.size === 0) return true;
  for (const [key, values] of state.existingAntiAffinityCounts) {
    const value = node.labels[key];
    if (value !== undefined && (values.get(value) ?? 0) > 0) return false;
  }
  return true;
}

/** filtering.go: Filter, checks in upstream order. */
export function filterNode(state: PreFilterState, pod: PodInfo, nodeInfo: NodeInfo): Status | null {
  const node = nodeInfo.node;
  if (!satisfyPodAffinity(state, pod.pod, node)) return AFFINITY_NOT_MATCH;
  if (!satisfyPodAntiAffinity(state, node)) return ANTI_AFFINITY_NOT_MATCH;
  if (!satisfyExistingPodsAntiAffinity(state, node)) return EXISTING_ANTI_AFFINITY_NOT_MATCH;
  return null;
}
