import type { ClusterState } from '../../../model/cluster-state.js';
import { LABEL_HOSTNAME } from '../../../model/node.js';
import type { TopologySpreadConstraint } from '../../../model/pod.js';
import {
  MAX_NODE_SCORE,
  type NodeInfo,
  type PodInfo,
  type PodSelectorMatches,
  type Snapshot,
} from '../../framework/interface.js';
import { podConstraints, type SpreadConstraint } from './constraints.js';
import { DomainCountsCache } from './domain-counts.js';
import { NO_DOMAIN, type TopologyDomainTable } from './topology-domains.js';

/**
 * What PreScore computes for Score and NormalizeScore (scoring.go: preScoreState), for the
 * ScheduleAnyway constraints.
 */
export interface PreScoreState {
  readonly constraints: readonly SpreadConstraint[];
  /**
   * ignored[node.index] = 1 for feasible nodes lacking a topology key (scored 0); empty when no
   * feasible node is (read it through isIgnored).
   */
  readonly ignored: Uint8Array;
  /**
   * Per constraint: topology value → matching pods, seeded with the values of the feasible nodes.
   * Hostname constraints are counted per node in Score instead.
   */
  readonly topologyValueToPodCounts: readonly Map<string, number>[];
  /** scoring.go: topologyNormalizingWeight per constraint. */
  readonly weights: Float64Array;
  readonly isHostname: Uint8Array;
  /** Per hostname constraint, its selector's matching pods per node (undefined for the others). */
  readonly hostnameCounts: readonly (PodSelectorMatches | undefined)[];
  /** The feasible list PreScore saw, and its length then (the runner reuses the array). */
  readonly feasible: readonly NodeInfo[];
  readonly feasibleCount: number;
  /**
   * Per constraint: feasible[j]'s domain id (NO_DOMAIN without the label), for j < feasibleCount; the
   * rows are the cache's (DomainRows), valid until its next PreScore.
   */
  readonly domainOf: readonly Int32Array[];
  /** Per non-hostname constraint: matching pods per domain id, for the feasible nodes' domains. */
  readonly domainCounts: readonly Float64Array[];
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

const NO_FLAGS = new Uint8Array(0);
const NO_COUNTS = new Float64Array(0);

/** Whether PreScore left `node` out for lacking a topology key. */
function isIgnored(state: PreScoreState, node: NodeInfo): boolean {
  const i = node.index;
  return i < state.ignored.length && state.ignored[i] === 1;
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
  const count = feasible.length;
  const counts: Map<string, number>[] = [];
  const isHostname = new Uint8Array(n);
  const hostnameCounts: (PodSelectorMatches | undefined)[] = [];
  const tables: TopologyDomainTable[] = [];
  const domainOf = cache.domainRows.take(n, count);
  for (let i = 0; i < n; i++) {
    counts.push(new Map());
    const c = constraints[i] as SpreadConstraint;
    isHostname[i] = c.topologyKey === LABEL_HOSTNAME ? 1 : 0;
    hostnameCounts.push(isHostname[i] ? snapshot.matchingPods(p.namespace, c.selector) : undefined);
    tables.push(cache.domains.table(c.topologyKey));
  }
  let ignored = NO_FLAGS;
  let ignoredCount = 0;
  // Each feasible node's domain per constraint (NO_DOMAIN without the label), read once for Score too.
  for (let j = 0; j < count; j++) {
    const info = feasible[j] as NodeInfo;
    let lacksKey = false;
    for (let i = 0; i < n; i++) {
      const d = (tables[i] as TopologyDomainTable).domainOf(info);
      (domainOf[i] as Int32Array)[j] = d;
      if (d === NO_DOMAIN) lacksKey = true;
    }
    if (requireAllTopologies && lacksKey) {
      // NodeInfo.index is the node's position in the snapshot's list (or past it, for a copy).
      if (ignored === NO_FLAGS) ignored = new Uint8Array(ignoredSize(allNodes, feasible));
      ignored[info.index] = 1;
      ignoredCount++;
    }
  }
  // The domains of the counted feasible nodes; a missing label reads as "" (a Go map lookup), making
  // label-less nodes one domain. Hostname constraints are counted per node in Score instead.
  const domainCounts: Float64Array[] = [];
  const seen: Uint8Array[] = [];
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (isHostname[i]) {
      // One domain per node: nothing to seed (and the table has as many domains as nodes).
      seen.push(NO_FLAGS);
      domainCounts.push(NO_COUNTS);
      weights[i] = topologyNormalizingWeight(count - ignoredCount);
      continue;
    }
    const table = tables[i] as TopologyDomainTable;
    const empty = table.idOf('');
    const flags = new Uint8Array(table.values.length);
    seen.push(flags);
    domainCounts.push(new Float64Array(table.values.length));
    const row = domainOf[i] as Int32Array;
    let distinct = 0;
    for (let j = 0; j < count; j++) {
      if (ignoredCount > 0 && ignored[(feasible[j] as NodeInfo).index] === 1) continue;
      const d = row[j] as number;
      const domain = d === NO_DOMAIN ? empty : d;
      if (flags[domain] === 0) {
        flags[domain] = 1;
        distinct++;
      }
    }
    weights[i] = topologyNormalizingWeight(distinct);
  }
  const state: PreScoreState = {
    constraints,
    ignored,
    topologyValueToPodCounts: counts,
    weights,
    isHostname,
    hostnameCounts,
    feasible,
    feasibleCount: count,
    domainOf,
    domainCounts,
  };
  // Matching pods per domain over all nodes counting for the constraint (the eligible nodes are
  // memoised, the pods come from the snapshot's index); only domains of feasible nodes matter. With
  // only hostname constraints there is nothing to do.
  if (isHostname.every((h) => h === 1)) return state;
  const eligible = cache.eligible(p, constraints, requireAllTopologies, true, LABEL_HOSTNAME, allNodes);
  const totals = eligible.countsFor(
    cache.selectorsKey(p.namespace, constraints),
    constraints.map((c) => snapshot.matchingPods(p.namespace, c.selector)),
    allNodes,
  );
  for (let i = 0; i < n; i++) {
    if (isHostname[i]) continue;
    const flags = seen[i] as Uint8Array;
    const values = (tables[i] as TopologyDomainTable).values;
    const total = totals[i] as Map<string, number>;
    const m = counts[i] as Map<string, number>;
    const byDomain = domainCounts[i] as Float64Array;
    for (let d = 0; d < flags.length; d++) {
      if (flags[d] === 0) continue;
      const value = values[d] as string;
      const c = total.get(value) ?? 0;
      m.set(value, c);
      byDomain[d] = c;
    }
  }
  return state;
}

/** Length of a flag array by NodeInfo.index covering every node and every feasible one. */
function ignoredSize(allNodes: readonly NodeInfo[], feasible: readonly NodeInfo[]): number {
  let size = allNodes.length;
  for (const info of feasible) if (info.index >= size) size = info.index + 1;
  return size;
}

/**
 * Score for every feasible node, as scoreNode gives, from the domains PreScore read: used when
 * `feasible` is the list PreScore saw (the runner passes the same one), else scoreNode per node.
 */
export function scoreNodes(state: PreScoreState, feasible: readonly NodeInfo[], out: Float64Array): void {
  const count = feasible.length;
  if (feasible !== state.feasible || count !== state.feasibleCount) {
    for (let j = 0; j < count; j++) out[j] = scoreNode(state, feasible[j] as NodeInfo);
    return;
  }
  const constraints = state.constraints;
  const n = constraints.length;
  for (let j = 0; j < count; j++) {
    const node = feasible[j] as NodeInfo;
    if (isIgnored(state, node)) {
      out[j] = 0;
      continue;
    }
    let score = 0;
    for (let i = 0; i < n; i++) {
      const d = (state.domainOf[i] as Int32Array)[j] as number;
      if (d === NO_DOMAIN) continue;
      const c = constraints[i] as SpreadConstraint;
      const hostname = state.hostnameCounts[i];
      const matching = hostname
        ? hostname.countOn(node)
        : ((state.domainCounts[i] as Float64Array)[d] as number);
      score += scoreForCount(matching, c.maxSkew, state.weights[i] as number);
    }
    out[j] = Math.round(score);
  }
}

/** scoring.go: Score: the weighted matching-pod count of the node's domains, rounded. */
export function scoreNode(state: PreScoreState, node: NodeInfo): number {
  if (isIgnored(state, node)) return 0;
  const labels = node.node.labels;
  let score = 0;
  const constraints = state.constraints;
  for (let i = 0; i < constraints.length; i++) {
    const c = constraints[i] as SpreadConstraint;
    const tpVal = labels[c.topologyKey];
    if (tpVal === undefined) continue;
    const hostname = state.hostnameCounts[i];
    const count = hostname
      ? hostname.countOn(node)
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
    if (isIgnored(state, feasible[i] as NodeInfo)) continue;
    const s = scores[i] as number;
    if (s < min) min = s;
    if (s > max) max = s;
  }
  for (let i = 0; i < scores.length; i++) {
    if (isIgnored(state, feasible[i] as NodeInfo)) {
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
