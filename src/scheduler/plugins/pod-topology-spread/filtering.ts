import type { ClusterState } from '../../../model/cluster-state.js';
import { LABEL_HOSTNAME } from '../../../model/node.js';
import type { TopologySpreadConstraint } from '../../../model/pod.js';
import type { NodeInfo, PodInfo, Snapshot } from '../../framework/interface.js';
import { Code, Status } from '../../framework/status.js';
import { Names } from '../../names.js';
import { podConstraints, type SpreadConstraint } from './constraints.js';
import { DomainCountsCache } from './domain-counts.js';
import { selectorMatches } from './selector.js';

/** plugin.go: ErrReasonConstraintsNotMatch. */
export const ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
/** plugin.go: ErrReasonNodeLabelNotMatch. */
export const ERR_REASON_NODE_LABEL_NOT_MATCH = `${ERR_REASON_CONSTRAINTS_NOT_MATCH} (missing required label)`;

// Shared rejection values: Filter runs per node and must not allocate; the runner only ever sets
// `plugin` to this plugin's name on them.
const CONSTRAINTS_NOT_MATCH = new Status(
  Code.Unschedulable,
  [ERR_REASON_CONSTRAINTS_NOT_MATCH],
  Names.PodTopologySpread,
);
const NODE_LABEL_NOT_MATCH = new Status(
  Code.UnschedulableAndUnresolvable,
  [ERR_REASON_NODE_LABEL_NOT_MATCH],
  Names.PodTopologySpread,
);

/**
 * What PreFilter computes for Filter (filtering.go: preFilterState): for each DoNotSchedule
 * constraint, the matching pods per topology value over eligible nodes and the global minimum.
 * Upstream's tpValueToMatchNum holds every eligible domain, most with 0 at a hostname key; here the
 * domains (`domains`) and the non-zero counts (`matchNum`) are apart, so a cycle costs the nodes
 * holding matching pods, not every node (`tpValueToMatchNum` below rebuilds upstream's map).
 */
export interface PreFilterState {
  readonly constraints: readonly SpreadConstraint[];
  /** domains[i]: the topology values of the nodes eligible for constraint i (→ how many); live. */
  readonly domains: readonly ReadonlyMap<string, number>[];
  /** matchNum[i]: topology value → matching pods over those nodes, for values with at least one. */
  readonly matchNum: readonly Map<string, number>[];
  /** The global minimum per constraint, already 0 when fewer domains than minDomains exist. */
  readonly minMatchNum: Float64Array;
  /** Whether the incoming pod matches constraint i's selector (the "+1 if self-match"). */
  readonly selfMatch: Uint8Array;
}

/** Upstream's tpValueToMatchNum[i]: every eligible domain of constraint i with its matching pods. */
export function tpValueToMatchNum(state: PreFilterState, i: number): Map<string, number> {
  const out = new Map<string, number>();
  const matchNum = state.matchNum[i] as Map<string, number>;
  for (const value of (state.domains[i] as ReadonlyMap<string, number>).keys())
    out.set(value, matchNum.get(value) ?? 0);
  return out;
}

/**
 * filtering.go: calPreFilterState. Returns null when the pod has no DoNotSchedule constraint.
 * Every node of the snapshot counts (not only feasible ones), as upstream. The eligible nodes come
 * from `cache` (memoised per pod shape, refreshed by node generation), the matching pods from the
 * snapshot's index; both stay valid for this cycle.
 */
export function computePreFilterState(
  pod: PodInfo,
  snapshot: Snapshot,
  defaults: readonly TopologySpreadConstraint[],
  cluster: ClusterState,
  cache: DomainCountsCache = new DomainCountsCache(),
): PreFilterState | null {
  const p = pod.pod;
  const constraints = podConstraints(p, 'DoNotSchedule', defaults, cluster, cache.converted);
  if (constraints.length === 0) return null;
  const n = constraints.length;
  // Nodes lacking any of the topology keys are left out of every constraint.
  const eligible = cache.eligible(p, constraints, true, false, LABEL_HOSTNAME, snapshot.nodeInfos);
  const matchNum = eligible.countsFor(
    cache.selectorsKey(p.namespace, constraints),
    constraints.map((c) => snapshot.matchingPods(p.namespace, c.selector)),
    snapshot.nodeInfos,
  );
  const minMatchNum = new Float64Array(n);
  const selfMatch = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const c = constraints[i] as SpreadConstraint;
    const m = matchNum[i] as Map<string, number>;
    const domains = eligible.nodesPerDomain[i] as Map<string, number>;
    // criticalPaths starts at MaxInt32; with no domain at all the skew can never exceed maxSkew. A
    // domain without matching pods (absent from m) is a minimum of 0.
    let min = 2147483647;
    if (m.size < domains.size) min = 0;
    else for (const v of m.values()) if (v < min) min = v;
    // filtering.go: minMatchNum: with fewer eligible domains than minDomains the minimum is 0.
    minMatchNum[i] = domains.size < c.minDomains ? 0 : min;
    selfMatch[i] = selectorMatches(c.selector, p.labels) ? 1 : 0;
  }
  return { constraints, domains: eligible.nodesPerDomain, matchNum, minMatchNum, selfMatch };
}

/**
 * filtering.go: Filter. The node must carry every topology key, and placing the pod must keep each
 * constraint's skew (matchNum + selfMatch − minMatch) within maxSkew.
 */
export function filterNode(state: PreFilterState, node: NodeInfo): Status | null {
  const labels = node.node.labels;
  const constraints = state.constraints;
  for (let i = 0; i < constraints.length; i++) {
    const c = constraints[i] as SpreadConstraint;
    const tpVal = labels[c.topologyKey];
    if (tpVal === undefined) return NODE_LABEL_NOT_MATCH;
    const matchNum = (state.matchNum[i] as Map<string, number>).get(tpVal) ?? 0;
    const skew = matchNum + (state.selfMatch[i] as number) - (state.minMatchNum[i] as number);
    if (skew > c.maxSkew) return CONSTRAINTS_NOT_MATCH;
  }
  return null;
}
