import type { Node } from '../../../model/node.js';
import type { Pod } from '../../../model/pod.js';
import type { NodeInfo, PodInfo, Snapshot } from '../../framework/interface.js';
import { Code, Status } from '../../framework/status.js';
import { Names } from '../../names.js';
import { MemoCache, NodeMemo } from '../pod-topology-spread/node-memo.js';
import type { ExistingTerms } from './existing-pods.js';
import {
  type AffinityTerm,
  addCount,
  getCount,
  type PodAffinityTerms,
  podMatchesAllTerms,
  type TopologyCounts,
  termMatchesPod,
  termsSignature,
} from './terms.js';

/** filtering.go: ErrReasonExistingAntiAffinityRulesNotMatch. */
export const ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH =
  "node(s) didn't satisfy existing pods anti-affinity rules";
/** filtering.go: ErrReasonAffinityRulesNotMatch. */
export const ERR_REASON_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod affinity rules";
/** filtering.go: ErrReasonAntiAffinityRulesNotMatch. */
export const ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod anti-affinity rules";

// Shared rejection values so that Filter allocates nothing per node.
const OWNER = Names.InterPodAffinity;
const AFFINITY_NOT_MATCH = new Status(
  Code.UnschedulableAndUnresolvable,
  [ERR_REASON_AFFINITY_RULES_NOT_MATCH],
  OWNER,
);
const ANTI_AFFINITY_NOT_MATCH = new Status(
  Code.Unschedulable,
  [ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH],
  OWNER,
);
const EXISTING_ANTI_AFFINITY_NOT_MATCH = new Status(
  Code.Unschedulable,
  [ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH],
  OWNER,
);

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

/** One node's share of the incoming pod's counts: pods matching all affinity terms, and per anti term. */
interface IncomingShare {
  readonly node: Node;
  readonly affinity: number;
  readonly anti: Int32Array;
}

/** Counts of existing pods against the incoming pod's required terms, memoised per term set. */
class IncomingCounts {
  readonly affinityCounts: TopologyCounts = new Map();
  readonly antiAffinityCounts: TopologyCounts = new Map();
  readonly memo: NodeMemo<IncomingShare>;
  constructor(required: readonly AffinityTerm[], requiredAnti: readonly AffinityTerm[]) {
    this.memo = new NodeMemo<IncomingShare>(
      (info) => {
        let affinity = 0;
        const anti = new Int32Array(requiredAnti.length);
        let any = false;
        for (const existing of info.pods) {
          if (podMatchesAllTerms(required, existing.pod)) {
            affinity++;
            any = true;
          }
          for (let t = 0; t < requiredAnti.length; t++) {
            if (termMatchesPod(requiredAnti[t] as AffinityTerm, existing.pod)) {
              anti[t] = (anti[t] as number) + 1;
              any = true;
            }
          }
        }
        return any ? { node: info.node, affinity, anti } : undefined;
      },
      (share, sign) => {
        // filtering.go: updateWithAffinityTerms / updateWithAntiAffinityTerms, per matching pod.
        if (share.affinity > 0) {
          for (const t of required) {
            const value = share.node.labels[t.topologyKey];
            if (value !== undefined)
              addCount(this.affinityCounts, t.topologyKey, value, sign * share.affinity);
          }
        }
        for (let t = 0; t < requiredAnti.length; t++) {
          const n = share.anti[t] as number;
          if (n === 0) continue;
          const term = requiredAnti[t] as AffinityTerm;
          const value = share.node.labels[term.topologyKey];
          if (value !== undefined) addCount(this.antiAffinityCounts, term.topologyKey, value, sign * n);
        }
      },
    );
  }
}

/** Memos for PreFilter, per incoming pod shape; owned by one plugin instance. */
export class PreFilterMemos {
  private readonly incoming = new MemoCache<IncomingCounts>();

  incomingCounts(
    required: readonly AffinityTerm[],
    requiredAnti: readonly AffinityTerm[],
    nodes: readonly NodeInfo[],
  ): IncomingCounts {
    const key = `${termsSignature(required)}|${termsSignature(requiredAnti)}`;
    const memo = this.incoming.getOrCreate(key, () => new IncomingCounts(required, requiredAnti));
    memo.memo.refresh(nodes);
    return memo;
  }
}

/**
 * filtering.go: PreFilter (getExistingAntiAffinityCounts + getIncomingAffinityAntiAffinityCounts).
 * Returns null when there is nothing to check (the plugin then Skips its Filter). The counts come
 * from `memos` (refreshed by node generation) and stay valid for this cycle.
 */
export function computePreFilterState(
  pod: PodInfo,
  snapshot: Snapshot,
  existing: ExistingTerms,
  memos: PreFilterMemos = new PreFilterMemos(),
): PreFilterState | null {
  const incoming = pod.pod;
  const terms = existing.terms.get(incoming);
  const nodes = snapshot.nodeInfos;
  // `existing` was refreshed for this cycle by the caller (shared with PreScore).
  const existingAntiAffinityCounts = existing.antiCounts;
  const required = terms.requiredAffinity;
  const requiredAnti = terms.requiredAntiAffinity;
  if (existingAntiAffinityCounts.size === 0 && required.length === 0 && requiredAnti.length === 0)
    return null;
  let affinityCounts: TopologyCounts = new Map();
  let antiAffinityCounts: TopologyCounts = new Map();
  if (required.length > 0 || requiredAnti.length > 0) {
    const counts = memos.incomingCounts(required, requiredAnti, nodes);
    affinityCounts = counts.affinityCounts;
    antiAffinityCounts = counts.antiAffinityCounts;
  }
  return { terms, existingAntiAffinityCounts, affinityCounts, antiAffinityCounts };
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
