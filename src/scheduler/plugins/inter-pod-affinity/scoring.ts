import type { Node } from '../../../model/node.js';
import type { Pod } from '../../../model/pod.js';
import { MAX_NODE_SCORE, type NodeInfo, type PodInfo, type Snapshot } from '../../framework/interface.js';
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

/**
 * scoring.go: PreScore. Sums, per topology pair, the incoming pod's preferred (anti-)affinity terms
 * matched by existing pods, and existing pods' required affinity (× hardPodAffinityWeight) and
 * preferred (anti-)affinity terms matched by the incoming pod. Returns null (Skip) when there is
 * nothing to score.
 */
export function computePreScoreState(
  pod: PodInfo,
  feasible: readonly NodeInfo[],
  snapshot: Snapshot,
  args: InterPodAffinityArgs,
): PreScoreState | null {
  if (feasible.length === 0) return null;
  const incoming = pod.pod;
  const terms = podAffinityTerms(incoming);
  const hasConstraints = terms.preferredAffinity.length > 0 || terms.preferredAntiAffinity.length > 0;
  // Optionally ignore existing pods' preferences when the incoming pod has none of its own.
  if (args.ignorePreferredTermsOfExistingPods && !hasConstraints) return null;
  const topologyScore = new Map<string, Map<string, number>>();
  // Without preferred terms of its own, only pods with affinity terms can contribute.
  // (Walks all nodes and skips those without such pods, rather than asking the snapshot for the list.)
  for (const info of snapshot.nodeInfos) {
    const pods = hasConstraints ? info.pods : info.podsWithAffinity;
    if (pods.length === 0) continue;
    const node = info.node;
    if (!hasLabels(node)) continue;
    for (const existingInfo of pods) {
      const existing = existingInfo.pod;
      processTerms(topologyScore, terms.preferredAffinity, existing, node, 1);
      processTerms(topologyScore, terms.preferredAntiAffinity, existing, node, -1);
      const et = podAffinityTerms(existing);
      if (args.hardPodAffinityWeight > 0) {
        for (const t of et.requiredAffinity) {
          processTerm(topologyScore, t, args.hardPodAffinityWeight, incoming, node, 1);
        }
      }
      processTerms(topologyScore, et.preferredAffinity, incoming, node, 1);
      processTerms(topologyScore, et.preferredAntiAffinity, incoming, node, -1);
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
