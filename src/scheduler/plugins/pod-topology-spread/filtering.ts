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
 */
export interface PreFilterState {
  readonly constraints: readonly SpreadConstraint[];
  /** tpValueToMatchNum[i]: topology value → matching pods, over nodes eligible for constraint i. */
  readonly tpValueToMatchNum: readonly Map<string, number>[];
  /** The global minimum per constraint, already 0 when fewer domains than minDomains exist. */
  readonly minMatchNum: Float64Array;
  /** Whether the incoming pod matches constraint i's selector (the "+1 if self-match"). */
  readonly selfMatch: Uint8Array;
}

/**
 * filtering.go: calPreFilterState. Returns null when the pod has no DoNotSchedule constraint.
 * Every node of the snapshot counts (not only feasible ones), as upstream. The counts come from
 * `cache` (memoised per pod shape, refreshed by node generation) and stay valid for this cycle.
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
  const counts = cache.get(p, constraints, true, false, LABEL_HOSTNAME, snapshot.nodeInfos).counts;
  const minMatchNum = new Float64Array(n);
  const selfMatch = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const c = constraints[i] as SpreadConstraint;
    const m = counts[i] as Map<string, number>;
    // criticalPaths starts at MaxInt32; with no domain at all the skew can never exceed maxSkew.
    let min = 2147483647;
    for (const v of m.values()) if (v < min) min = v;
    // filtering.go: minMatchNum: with fewer eligible domains than minDomains the minimum is 0.
    minMatchNum[i] = m.size < c.minDomains ? 0 : min;
    selfMatch[i] = selectorMatches(c.selector, p.labels) ? 1 : 0;
  }
  return { constraints, tpValueToMatchNum: counts, minMatchNum, selfMatch };
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
    const matchNum = (state.tpValueToMatchNum[i] as Map<string, number>).get(tpVal) ?? 0;
    const skew = matchNum + (state.selfMatch[i] as number) - (state.minMatchNum[i] as number);
    if (skew > c.maxSkew) return CONSTRAINTS_NOT_MATCH;
  }
  return null;
}
