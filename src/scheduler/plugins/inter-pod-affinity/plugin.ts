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
import type { InterPodAffinityArgs } from './args.js';
import { ExistingPodsTermsCache } from './existing-pods.js';
import { computePreFilterState, filterNode, PreFilterMemos, type PreFilterState } from './filtering.js';
import { computePreScoreState, normalizeScores, type PreScoreState, scoreNode } from './scoring.js';

/** The plugin's registry name (names.InterPodAffinity). */
export const NAME = Names.InterPodAffinity;

const PRE_FILTER_KEY = `PreFilter${NAME}`;
const PRE_SCORE_KEY = `PreScore${NAME}`;

/** The plugin instance: PreFilter, Filter, PreScore, Score and NormalizeScore. */
export type InterPodAffinityPlugin = PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin;

/**
 * Builds InterPodAffinity (upstream pkg/scheduler/framework/plugins/interpodaffinity/plugin.go: New).
 * `args` are resolved (defaulted and validated, see args.ts).
 */
export function newInterPodAffinity(
  args: InterPodAffinityArgs,
  handle: FrameworkHandle,
): InterPodAffinityPlugin {
  // Per-pod-shape counts for PreFilter, refreshed by node generation.
  const memos = new PreFilterMemos();
  // Existing pods' terms against pods like the incoming one, shared by PreFilter and PreScore.
  const existingTerms = new ExistingPodsTermsCache(args.hardPodAffinityWeight);
  return {
    name: NAME,

    preFilter(state: CycleState, pod: PodInfo, snapshot: Snapshot): Status | null {
      const s = computePreFilterState(pod, snapshot, existingTerms.get(pod.pod, snapshot, state), memos);
      if (s === null) return Status.skip();
      state.write(PRE_FILTER_KEY, s);
      return null;
    },

    filter(state: CycleState, pod: PodInfo, node: NodeInfo): Status | null {
      const s = state.read<PreFilterState>(PRE_FILTER_KEY);
      if (s === undefined) return Status.error(`reading "${PRE_FILTER_KEY}" from cycleState: not found`);
      return filterNode(s, pod, node);
    },

    preScore(state: CycleState, pod: PodInfo, feasible: readonly NodeInfo[]): Status | null {
      const s = computePreScoreState(
        pod,
        feasible,
        handle.snapshot(),
        args,
        existingTerms.get(pod.pod, handle.snapshot(), state),
      );
      if (s === null) return Status.skip();
      state.write(PRE_SCORE_KEY, s);
      return null;
    },

    score(state: CycleState, _pod: PodInfo, node: NodeInfo): number {
      const s = state.read<PreScoreState>(PRE_SCORE_KEY);
      return s === undefined ? 0 : scoreNode(s, node);
    },

    normalizeScore(
      state: CycleState,
      _pod: PodInfo,
      _feasible: readonly NodeInfo[],
      scores: Float64Array,
    ): void {
      if (state.read<PreScoreState>(PRE_SCORE_KEY) !== undefined) normalizeScores(scores);
    },
  } satisfies InterPodAffinityPlugin;
}

/** Reads the PreFilter state (for tests and explain output). */
export function readPreFilterState(state: CycleState): PreFilterState | undefined {
  return state.read<PreFilterState>(PRE_FILTER_KEY);
}
