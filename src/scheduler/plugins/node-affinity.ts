import type { NodeSelector, PreferredSchedulingTerm } from '../../model/pod.js';
import type {
  CycleState,
  FilterPlugin,
  NodeInfo,
  PodInfo,
  PreFilterPlugin,
  PreScorePlugin,
  ScorePlugin,
} from '../framework/interface.js';
import { Status } from '../framework/status.js';
import { Names } from '../names.js';
import { matchesNodeSelector, matchesNodeSelectorTerm } from './helper/node-selector.js';
import { defaultNormalizeScore } from './helper/normalize-score.js';
import type { NodeAffinityArgs } from './node-affinity-args.js';

/** A shared Skip status: the runner never mutates a Skip. */
const SKIP = Status.skip();

/** kube-scheduler: ErrReasonPod (nodeaffinity/node_affinity.go). */
export const ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";
/** kube-scheduler: errReasonEnforced: the profile's addedAffinity rejected the node. */
export const ERR_REASON_ENFORCED = "node(s) didn't match scheduler-enforced node affinity";
/** kube-scheduler: errReasonConflict: matchFields metadata.name terms that select no node. */
export const ERR_REASON_CONFLICT = 'pod affinity terms conflict';

const POD_MISMATCH = Status.unresolvable(ERR_REASON_POD).ownedBy(Names.NodeAffinity);
const ENFORCED_MISMATCH = Status.unresolvable(ERR_REASON_ENFORCED).ownedBy(Names.NodeAffinity);
const PRE_FILTER_KEY = 'PreFilterNodeAffinity';
const PRE_SCORE_KEY = 'PreScoreNodeAffinity';

interface RequiredState {
  nodeSelector: Readonly<Record<string, string>>;
  required: NodeSelector | undefined;
}

/**
 * kube-scheduler: NodeAffinity. Filter: spec.nodeSelector (all labels equal) AND required node
 * affinity (terms ORed; matchExpressions with In/NotIn/Exists/DoesNotExist/Gt/Lt, matchFields on
 * metadata.name). Score: Σ weights of matching preferred terms, normalized so the best node gets 100.
 *
 * Approximation: upstream's PreFilter also narrows the node list to matchFields metadata.name values
 * (PreFilterResult); kubesim filters every node instead, which finds the same nodes, but other nodes
 * then report this plugin's reason rather than "node(s) didn't satisfy plugin(s) [NodeAffinity]".
 */
export class NodeAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = Names.NodeAffinity;
  private readonly addedRequired: NodeSelector | undefined;
  private readonly addedPreferred: readonly PreferredSchedulingTerm[];

  constructor(args: NodeAffinityArgs = {}) {
    this.addedRequired = args.addedAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    this.addedPreferred = args.addedAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
  }

  preFilter(state: CycleState, pod: PodInfo): Status | null {
    const spec = pod.pod.spec;
    const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    if (
      required === undefined &&
      this.addedRequired === undefined &&
      Object.keys(spec.nodeSelector).length === 0
    ) {
      return SKIP;
    }
    if (required) {
      // Terms that all pin metadata.name to disjoint sets can match no node at all.
      let names: Set<string> | undefined;
      let everyTermPins = required.nodeSelectorTerms.length > 0;
      for (const t of required.nodeSelectorTerms) {
        let termNames: Set<string> | undefined;
        for (const r of t.matchFields ?? []) {
          if (r.key !== 'metadata.name' || r.operator !== 'In') continue;
          const s = new Set(r.values ?? []);
          termNames = termNames ? new Set([...termNames].filter((x) => s.has(x))) : s;
        }
        if (!termNames) {
          everyTermPins = false;
          break;
        }
        names = new Set([...(names ?? []), ...termNames]);
      }
      if (everyTermPins && names && names.size === 0) return Status.unresolvable(ERR_REASON_CONFLICT);
    }
    state.write(PRE_FILTER_KEY, { nodeSelector: spec.nodeSelector, required } satisfies RequiredState);
    return null;
  }

  filter(state: CycleState, pod: PodInfo, node: NodeInfo): Status | null {
    if (this.addedRequired && !matchesNodeSelector(this.addedRequired, node.node)) return ENFORCED_MISMATCH;
    const s = state.read<RequiredState>(PRE_FILTER_KEY) ?? {
      nodeSelector: pod.pod.spec.nodeSelector,
      required: pod.pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution,
    };
    const labels = node.node.labels;
    for (const key in s.nodeSelector) if (labels[key] !== s.nodeSelector[key]) return POD_MISMATCH;
    if (s.required && !matchesNodeSelector(s.required, node.node)) return POD_MISMATCH;
    return null;
  }

  preScore(state: CycleState, pod: PodInfo): Status | null {
    const preferred =
      pod.pod.spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
    if (preferred.length === 0 && this.addedPreferred.length === 0) return SKIP;
    state.write(PRE_SCORE_KEY, [...this.addedPreferred, ...preferred]);
    return null;
  }

  score(state: CycleState, pod: PodInfo, node: NodeInfo): number {
    const terms = state.read<PreferredSchedulingTerm[]>(PRE_SCORE_KEY) ?? [
      ...this.addedPreferred,
      ...(pod.pod.spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []),
    ];
    let count = 0;
    for (const t of terms) {
      // A zero weight term is ignored (upstream skips it when compiling preferred terms).
      if (t.weight !== 0 && matchesNodeSelectorTerm(t.preference, node.node)) count += t.weight;
    }
    return count;
  }

  normalizeScore(_s: CycleState, _p: PodInfo, feasible: readonly NodeInfo[], scores: Float64Array): void {
    defaultNormalizeScore(scores, feasible.length, false);
  }
}
