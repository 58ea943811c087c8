import type { ClusterState } from '../../../model/cluster-state.js';
import { LABEL_HOSTNAME } from '../../../model/node.js';
import type { TopologySpreadConstraint } from '../../../model/pod.js';
import { MAX_NODE_SCORE, type NodeInfo, type PodInfo, type Snapshot } from '../../framework/interface.js';
import { nodeHasAllTopologyKeys, podConstraints, type SpreadConstraint } from './constraints.js';
import { DomainCountsCache, type NodeMatchCounts, selectorKey } from './domain-counts.js';

/**
 * What PreScore computes for Score and NormalizeScore (scoring.go: preScoreState), for the
 * ScheduleAnyway constraints.
 */
export interface PreScoreState {
  readonly constraints: readonly SpreadConstraint[];
  /** ignored[node.index] = 1 for feasible nodes lacking a topology key (scored 0). */
  readonly ignored: Uint8Array;
  /**
   * Per constraint: topology value → matching pods, seeded with the values of the feasible nodes.
   * Hostname constraints are counted per node in Score instead.
   */
  readonly topologyValueToPodCounts: readonly Map<string, number>[];
  /** scoring.go: topologyNormalizingWeight per constraint. */
  readonly weights: Float64Array;
  readonly isHostname: Uint8Array;
  readonly namespace: string;
  /** Per hostname constraint, its selector's key for `hostnameCounts` ("" for the others). */
  readonly selectorKeys: readonly string[];
  readonly hostnameCounts: NodeMatchCounts;
}

/**
 * scoring.go: topologyNormalizingWeight: log(size + 2), so that counts in small topologies are not
 * watered down by large ones.
 */
export function topologyNormalizingWeight(size: number): number {
  return Math.log(size + 2);
}

/** scoring.go: scoreForCount: `maxSkew − 1` is added to soften differences between domains. */
export function scoreForCount(count: number, maxSkew: number, weight: number): number {
  return count * weight + (maxSkew - 1);
}

/**
 * scoring.go: initPreScoreState + PreScore. Returns null (Skip) when the pod has no ScheduleAnyway
 * constraint or the cluster has no node.
 */
export function computePreScoreState(
  pod: PodInfo,
  feasible: readonly NodeInfo[],
  snapshot: Snapshot,
  defaults: readonly TopologySpreadConstraint[],
  systemDefaulted: boolean,
  cluster: ClusterState,
  cache: DomainCountsCache = new DomainCountsCache(),
): PreScoreState | null {
  const allNodes = snapshot.nodeInfos;
  if (allNodes.length === 0) return null;
  const p = pod.pod;
  const constraints = podConstraints(p, 'ScheduleAnyway', defaults, cluster, cache.converted);
  if (constraints.length === 0) return null;
  // Only non-system-default rules require every topology key on a node, so that nodes without a
  // zone label still get hostname spreading.
  const requireAllTopologies = p.spec.topologySpreadConstraints.length > 0 || !systemDefaulted;
  const n = constraints.length;
  const counts: Map<string, number>[] = [];
  const isHostname = new Uint8Array(n);
  const selectorKeys: string[] = [];
  for (let i = 0; i < n; i++) {
    counts.push(new Map());
    const c = constraints[i] as SpreadConstraint;
    isHostname[i] = c.topologyKey === LABEL_HOSTNAME ? 1 : 0;
    selectorKeys.push(isHostname[i] ? selectorKey(c.selector, p.namespace) : '');
  }
  // NodeInfo.index is the node's position in the snapshot's list.
  let size = allNodes.length;
  for (const info of feasible) if (info.index >= size) size = info.index + 1;
  const ignored = new Uint8Array(size);
  let ignoredCount = 0;
  const topoSize = new Float64Array(n);
  for (const info of feasible) {
    if (requireAllTopologies && !nodeHasAllTopologyKeys(info.node, constraints)) {
      ignored[info.index] = 1;
      ignoredCount++;
      continue;
    }
    for (let i = 0; i < n; i++) {
      if (isHostname[i]) continue;
      // A missing label reads as "" (a Go map lookup), making label-less nodes one domain.
      const value = info.node.labels[(constraints[i] as SpreadConstraint).topologyKey] ?? '';
      const m = counts[i] as Map<string, number>;
      if (!m.has(value)) {
        m.set(value, 0);
        topoSize[i] = (topoSize[i] as number) + 1;
      }
    }
  }
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const size = isHostname[i] ? feasible.length - ignoredCount : (topoSize[i] as number);
    weights[i] = topologyNormalizingWeight(size);
  }
  // Matching pods per domain over all nodes (memoised); only domains of feasible nodes matter.
  // Hostname constraints are counted per node in Score, so with only those there is nothing to do.
  if (isHostname.every((h) => h === 1)) {
    return {
      constraints,
      ignored,
      topologyValueToPodCounts: counts,
      weights,
      isHostname,
      namespace: p.namespace,
      selectorKeys,
      hostnameCounts: cache.hostnameCounts,
    };
  }
  const all = cache.get(p, constraints, requireAllTopologies, true, LABEL_HOSTNAME, allNodes).counts;
  for (let i = 0; i < n; i++) {
    if (isHostname[i]) continue;
    const m = counts[i] as Map<string, number>;
    const total = all[i] as Map<string, number>;
    for (const value of m.keys()) m.set(value, total.get(value) ?? 0);
  }
  return {
    constraints,
    ignored,
    topologyValueToPodCounts: counts,
    weights,
    isHostname,
    namespace: p.namespace,
    selectorKeys,
    hostnameCounts: cache.hostnameCounts,
  };
}

/** scoring.go: Score: the weighted matching-pod count of the node's domains, rounded. */
export function scoreNode(state: PreScoreState, node: NodeInfo): number {
  if (state.ignored[node.index] === 1) return 0;
  const labels = node.node.labels;
  let score = 0;
  const constraints = state.constraints;
  for (let i = 0; i < constraints.length; i++) {
    const c = constraints[i] as SpreadConstraint;
    const tpVal = labels[c.topologyKey];
    if (tpVal === undefined) continue;
    const count = state.isHostname[i]
      ? state.hostnameCounts.count(node, c.selector, state.selectorKeys[i] as string, state.namespace)
      : ((state.topologyValueToPodCounts[i] as Map<string, number>).get(tpVal) ?? 0);
    score += scoreForCount(count, c.maxSkew, state.weights[i] as number);
  }
  // Go's math.Round; scores are non-negative, where it agrees with Math.round.
  return Math.round(score);
}

/**
 * scoring.go: NormalizeScore: fewer matching pods is better. Ignored nodes get 0; when every score is
 * 0 all nodes get 100; otherwise 100 × (max + min − s) / max in integer arithmetic.
 */
export function normalizeScores(
  state: PreScoreState,
  feasible: readonly NodeInfo[],
  scores: Float64Array,
): void {
  let min = Number.MAX_SAFE_INTEGER;
  let max = 0;
  for (let i = 0; i < scores.length; i++) {
    if (state.ignored[(feasible[i] as NodeInfo).index] === 1) continue;
    const s = scores[i] as number;
    if (s < min) min = s;
    if (s > max) max = s;
  }
  for (let i = 0; i < scores.length; i++) {
    if (state.ignored[(feasible[i] as NodeInfo).index] === 1) {
      scores[i] = 0;
      continue;
    }
    if (max === 0) {
      scores[i] = MAX_NODE_SCORE;
      continue;
    }
    scores[i] = Math.trunc((MAX_NODE_SCORE * (max + min - (scores[i] as number))) / max);
  }
}
