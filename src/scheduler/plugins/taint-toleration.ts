import { type Toleration, toleratesTaint } from '../../model/taints.js';
import type {
  CycleState,
  FilterPlugin,
  NodeInfo,
  PodInfo,
  PreScorePlugin,
  ScorePlugin,
  Snapshot,
} from '../framework/interface.js';
import { Status } from '../framework/status.js';
import { Names } from '../names.js';
import { defaultNormalizeScore } from './helper/normalize-score.js';

const PRE_SCORE_KEY = 'PreScoreTaintToleration';

/** kube-scheduler ≥ 1.34: the Filter reason, which no longer names the taint (PR #134740). */
export const ERR_REASON_UNTOLERATED = 'node(s) had untolerated taint(s)';

/**
 * kube-scheduler: TaintToleration (tainttoleration/taint_toleration.go).
 * Filter: the first NoSchedule/NoExecute taint the pod does not tolerate rejects the node
 * (UnschedulableAndUnresolvable). Score: the number of PreferNoSchedule taints not tolerated by the pod's
 * PreferNoSchedule (or effect-less) tolerations, normalized reversed: fewer intolerable taints, higher score.
 */
export class TaintToleration implements FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = Names.TaintToleration;
  private readonly statusByTaint = new Map<string, Status>();

  /**
   * @param kubernetesMinor from 1.34 on (PR #134740, in 1.35 and cherry-picked to 1.34 patches) the
   * reason no longer names the taint: "node(s) had untolerated taint(s)".
   */
  constructor(private readonly kubernetesMinor = 36) {}

  filter(_state: CycleState, pod: PodInfo, node: NodeInfo): Status | null {
    const taints = node.node.taints;
    if (taints.length === 0) return null;
    const tolerations = pod.pod.spec.tolerations;
    for (const taint of taints) {
      if (taint.effect === 'PreferNoSchedule') continue;
      let tolerated = false;
      for (const t of tolerations) {
        if (toleratesTaint(t, taint)) {
          tolerated = true;
          break;
        }
      }
      if (tolerated) continue;
      const reason =
        this.kubernetesMinor >= 34
          ? ERR_REASON_UNTOLERATED
          : `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`;
      let s = this.statusByTaint.get(reason);
      if (!s) {
        s = Status.unresolvable(reason);
        this.statusByTaint.set(reason, s);
      }
      return s;
    }
    return null;
  }

  preScore(state: CycleState, pod: PodInfo): Status | null {
    const prefer = pod.pod.spec.tolerations.filter(
      (t) => t.effect === undefined || t.effect === '' || t.effect === 'PreferNoSchedule',
    );
    state.write(PRE_SCORE_KEY, prefer);
    return null;
  }

  score(state: CycleState, pod: PodInfo, node: NodeInfo): number {
    const taints = node.node.taints;
    if (taints.length === 0) return 0;
    const tolerations =
      state.read<Toleration[]>(PRE_SCORE_KEY) ??
      pod.pod.spec.tolerations.filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
    let count = 0;
    for (const taint of taints) {
      if (taint.effect !== 'PreferNoSchedule') continue;
      if (!tolerations.some((t) => toleratesTaint(t, taint))) count++;
    }
    return count;
  }
  /** score() for every feasible node in one call (same results). */
  scoreAll(
    state: CycleState,
    pod: PodInfo,
    feasible: readonly NodeInfo[],
    _s: Snapshot,
    out: Float64Array,
  ): void {
    for (let i = 0; i < feasible.length; i++) out[i] = this.score(state, pod, feasible[i] as NodeInfo);
  }

  normalizeScore(_s: CycleState, _p: PodInfo, feasible: readonly NodeInfo[], scores: Float64Array): void {
    defaultNormalizeScore(scores, feasible.length, true);
  }
}
