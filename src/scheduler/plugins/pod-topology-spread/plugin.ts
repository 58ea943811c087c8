import type { TopologySpreadConstraint } from '../../../model/pod.js';
import type {
  CycleState,
  FilterPlugin,
  FrameworkHandle,
  NodeInfo,
  PodInfo,
  PreFilterPlugin,
  PreScorePlugin,
  ScorePlugin,
  Snapshot,
} from '../../framework/interface.js';
import { Status } from '../../framework/status.js';
import { Names } from '../../names.js';
import type { PodTopologySpreadArgs } from './args.js';
import { SYSTEM_DEFAULT_CONSTRAINTS } from './constraints.js';
import { DomainCountsCache } from './domain-counts.js';
import { computePreFilterState, filterNode, type PreFilterState } from './filtering.js';
import {
  computePreScoreState,
  normalizeScores,
  type PreScoreState,
  scoreNode,
  scoreNodes,
} from './scoring.js';

/** The plugin's registry name (names.PodTopologySpread). */
export const NAME = Names.PodTopologySpread;

const PRE_FILTER_KEY = `PreFilter${NAME}`;
const PRE_SCORE_KEY = `PreScore${NAME}`;

/** The plugin instance: PreFilter, Filter, PreScore, Score and NormalizeScore. */
export type PodTopologySpreadPlugin = PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin;

/**
 * Builds PodTopologySpread (upstream pkg/scheduler/framework/plugins/podtopologyspread/plugin.go: New).
 * `args` are resolved (defaulted and validated, see args.ts). Default constraints take their selector
 * from `handle.cluster` services and workloads at each cycle.
 */
export function newPodTopologySpread(
  args: PodTopologySpreadArgs,
  handle: FrameworkHandle,
): PodTopologySpreadPlugin {
  const systemDefaulted = args.defaultingType === 'System';
  const defaults: readonly TopologySpreadConstraint[] = systemDefaulted
    ? SYSTEM_DEFAULT_CONSTRAINTS
    : args.defaultConstraints;
  // Per-pod-shape eligible nodes and converted constraints (see domain-counts.ts); the matching
  // pods come from the snapshot (Snapshot.matchingPods).
  const filterCounts = new DomainCountsCache();
  const scoreCounts = new DomainCountsCache();
  return {
    name: NAME,

    preFilter(state: CycleState, pod: PodInfo, snapshot: Snapshot): Status | null {
      const s = computePreFilterState(pod, snapshot, defaults, handle.cluster, filterCounts);
      if (s === null) return Status.skip();
      state.write(PRE_FILTER_KEY, s);
      return null;
    },

    filter(state: CycleState, _pod: PodInfo, node: NodeInfo): Status | null {
      const s = state.read<PreFilterState>(PRE_FILTER_KEY);
      if (s === undefined) return Status.error(`reading "${PRE_FILTER_KEY}" from cycleState: not found`);
      return filterNode(s, node);
    },

    preScore(state: CycleState, pod: PodInfo, feasible: readonly NodeInfo[]): Status | null {
      const s = computePreScoreState(
        pod,
        feasible,
        handle.snapshot(),
        defaults,
        systemDefaulted,
        handle.cluster,
        scoreCounts,
      );
      if (s === null) return Status.skip();
      state.write(PRE_SCORE_KEY, s);
      return null;
    },

    score(state: CycleState, _pod: PodInfo, node: NodeInfo): number {
      const s = state.read<PreScoreState>(PRE_SCORE_KEY);
      return s === undefined ? 0 : scoreNode(s, node);
    },

    // score() for every feasible node, reading the PreScore state once.
    scoreAll(
      state: CycleState,
      _pod: PodInfo,
      feasible: readonly NodeInfo[],
      _snapshot: Snapshot,
      out: Float64Array,
    ): void {
      const s = state.read<PreScoreState>(PRE_SCORE_KEY);
      if (s === undefined) out.fill(0, 0, feasible.length);
      else scoreNodes(s, feasible, out);
    },

    normalizeScore(
      state: CycleState,
      _pod: PodInfo,
      feasible: readonly NodeInfo[],
      scores: Float64Array,
    ): void {
      const s = state.read<PreScoreState>(PRE_SCORE_KEY);
      if (s !== undefined) normalizeScores(s, feasible, scores);
    },
  } satisfies PodTopologySpreadPlugin;
}

/** Reads the PreFilter state (for tests and explain output). */
export function readPreFilterState(state: CycleState): PreFilterState | undefined {
  return state.read<PreFilterState>(PRE_FILTER_KEY);
}

/** Reads the PreScore state (for tests and explain output). */
export function readPreScoreState(state: CycleState): PreScoreState | undefined {
  return state.read<PreScoreState>(PRE_SCORE_KEY);
}
