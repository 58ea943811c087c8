import type { Node } from '../../../model/node.js';
import type { Pod } from '../../../model/pod.js';
import { MAX_NODE_SCORE, type NodeInfo, type PodInfo, type Snapshot } from '../../framework/interface.js';
import { MemoCache, NodeMemo } from '../pod-topology-spread/node-memo.js';
import type { InterPodAffinityArgs } from './args.js';
import { type AffinityTerm, podAffinityTerms, termMatchesPod, type WeightedAffinityTerm } from './terms.js';

/** scoring.go: preScoreState: topology key → topology value → summed weight. */
export interface PreScoreState {
  readonly topologyScore: Map<string, Map<string, number>>;
}

function processTerm(
  m: Map<string, Map<string, number>>,
  term: AffinityTerm,
  weight: number,
  podToCheck: Pod,
  node: Node,
  multiplier: number,
): void {
  if (!termMatchesPod(term, podToCheck)) return;
  const value = node.labels[term.topologyKey];
  if (value === undefined) return;
  let inner = m.get(term.topologyKey);
  if (!inner) {
    inner = new Map();
    m.set(term.topologyKey, inner);
  }
  inner.set(value, (inner.get(value) ?? 0) + weight * multiplier);
}

function processTerms(
  m: Map<string, Map<string, number>>,
  terms: readonly WeightedAffinityTerm[],
  podToCheck: Pod,
  node: Node,
  multiplier: number,
): void {
  for (const t of terms) processTerm(m, t, t.weight, podToCheck, node, multiplier);
}

/** One node's share of the existing pods' terms matched by the incoming pod: (key, value, weight). */
interface ExistingShare {
  readonly keys: string[];
  readonly values: string[];
  readonly weights: number[];
}

/**
 * scoring.go: processExistingPod, the part that depends on the existing pods' own terms (required
 * affinity × hardPodAffinityWeight, preferred affinity +weight, preferred anti-affinity −weight)
 * matched against pods like the incoming one. Kept per node and refreshed by node generation. A
 * topology pair stays present while any term contributes to it, even when the weights cancel out,
 * as in upstream's map.
 */
class ExistingTermsScore {
  readonly scores = new Map<string, Map<string, number>>();
  private readonly refs = new Map<string, Map<string, number>>();
  readonly memo: NodeMemo<ExistingShare>;
  constructor(incoming: Pod, hardPodAffinityWeight: number) {
    this.memo = new NodeMemo<ExistingShare>(
      (info) => {
        if (info.podsWithAffinity.length === 0) return undefined;
        const node = info.node;
        const share: ExistingShare = { keys: [], values: [], weights: [] };
        const add = (t: AffinityTerm, weight: number): void => {
          if (!termMatchesPod(t, incoming)) return;
          const value = node.labels[t.topologyKey];
          if (value === undefined) return;
          share.keys.push(t.topologyKey);
          share.values.push(value);
          share.weights.push(weight);
        };
        for (const existing of info.podsWithAffinity) {
          const et = podAffinityTerms(existing.pod);
          if (hardPodAffinityWeight > 0) for (const t of et.requiredAffinity) add(t, hardPodAffinityWeight);
          for (const t of et.preferredAffinity) add(t, t.weight);
          for (const t of et.preferredAntiAffinity) add(t, -t.weight);
        }
        return share.keys.length > 0 ? share : undefined;
      },
      (share, sign) => {
        for (let i = 0; i < share.keys.length; i++) {
          const key = share.keys[i] as string;
          const value = share.values[i] as string;
          let refs = this.refs.get(key);
          let scores = this.scores.get(key);
          if (!refs || !scores) {
            refs = new Map();
            scores = new Map();
            this.refs.set(key, refs);
            this.scores.set(key, scores);
          }
          const n = (refs.get(value) ?? 0) + sign;
          if (n === 0) {
            refs.delete(value);
            scores.delete(value);
            if (refs.size === 0) {
              this.refs.delete(key);
              this.scores.delete(key);
            }
          } else {
            refs.set(value, n);
            scores.set(value, (scores.get(value) ?? 0) + sign * (share.weights[i] as number));
          }
        }
      },
    );
  }
}

/** Memos for PreScore, per incoming pod shape (namespace and labels); owned by one plugin instance. */
export class PreScoreMemos {
  private readonly cache = new MemoCache<ExistingTermsScore>();

  existingScores(
    pod: Pod,
    hardPodAffinityWeight: number,
    nodes: readonly NodeInfo[],
  ): Map<string, Map<string, number>> {
    const key = `${pod.namespace}|${hardPodAffinityWeight}|${JSON.stringify(pod.labels)}`;
    const memo = this.cache.getOrCreate(key, () => new ExistingTermsScore(pod, hardPodAffinityWeight));
    memo.memo.refresh(nodes);
    return memo.scores;
  }
}

/**
 * scoring.go: PreScore. Sums, per topology pair, the incoming pod's preferred (anti-)affinity terms
 * matched by existing pods, and existing pods' required affinity (× hardPodAffinityWeight) and
 * preferred (anti-)affinity terms matched by the incoming pod. Returns null (Skip) when there is
 * nothing to score. Without preferred terms of its own, the state is the memo's live map, valid for
 * this cycle.
 */
export function computePreScoreState(
  pod: PodInfo,
  feasible: readonly NodeInfo[],
  snapshot: Snapshot,
  args: InterPodAffinityArgs,
  memos: PreScoreMemos = new PreScoreMemos(),
): PreScoreState | null {
  if (feasible.length === 0) return null;
  const incoming = pod.pod;
  const terms = podAffinityTerms(incoming);
  const hasConstraints = terms.preferredAffinity.length > 0 || terms.preferredAntiAffinity.length > 0;
  // Optionally ignore existing pods' preferences when the incoming pod has none of its own.
  if (args.ignorePreferredTermsOfExistingPods && !hasConstraints) return null;
  // Without pods having affinity terms anywhere (the snapshot keeps that list) existing pods add
  // nothing; otherwise the memo walks node generations.
  const noAffinityPods = snapshot.havePodsWithAffinity.length === 0;
  if (noAffinityPods && !hasConstraints) return null;
  const existingPart = noAffinityPods
    ? new Map<string, Map<string, number>>()
    : memos.existingScores(incoming, args.hardPodAffinityWeight, snapshot.nodeInfos);
  if (!hasConstraints) return existingPart.size === 0 ? null : { topologyScore: existingPart };
  const topologyScore = new Map<string, Map<string, number>>();
  for (const [key, values] of existingPart) topologyScore.set(key, new Map(values));
  // The incoming pod's own preferred terms, against every pod of every node.
  for (const info of snapshot.nodeInfos) {
    if (info.pods.length === 0) continue;
    const node = info.node;
    if (!hasLabels(node)) continue;
    for (const existingInfo of info.pods) {
      processTerms(topologyScore, terms.preferredAffinity, existingInfo.pod, node, 1);
      processTerms(topologyScore, terms.preferredAntiAffinity, existingInfo.pod, node, -1);
    }
  }
  if (topologyScore.size === 0) return null;
  return { topologyScore };
}

function hasLabels(node: Node): boolean {
  for (const _ in node.labels) return true;
  return false;
}

/** scoring.go: Score: the summed weights of the node's topology pairs. */
export function scoreNode(state: PreScoreState, node: NodeInfo): number {
  const labels = node.node.labels;
  let score = 0;
  for (const [key, values] of state.topologyScore) {
    const value = labels[key];
    if (value !== undefined) score += values.get(value) ?? 0;
  }
  return score;
}

/** scoring.go: NormalizeScore: min-max scaling to 0–100, truncated; all 0 when every score is equal. */
export function normalizeScores(scores: Float64Array): void {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i] as number;
    if (s > max) max = s;
    if (s < min) min = s;
  }
  const diff = max - min;
  for (let i = 0; i < scores.length; i++) {
    scores[i] = diff > 0 ? Math.trunc(MAX_NODE_SCORE * (((scores[i] as number) - min) / diff)) : 0;
  }
}
