import type { Node } from '../../../model/node.js';
import type { Pod } from '../../../model/pod.js';
import { MAX_NODE_SCORE, type NodeInfo, type PodInfo, type Snapshot } from '../../framework/interface.js';
import type { InterPodAffinityArgs } from './args.js';
import type { ExistingTerms } from './existing-pods.js';
import { type AffinityTerm, termMatchesPod, type WeightedAffinityTerm } from './terms.js';

/** scoring.go: preScoreState: topology key → topology value → summed weight. */
export interface PreScoreState {
  readonly topologyScore: ReadonlyMap<string, ReadonlyMap<string, number>>;
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
 * nothing to score. Without preferred terms of its own, the state is `existing`'s live map, valid
 * for this cycle.
 */
export function computePreScoreState(
  pod: PodInfo,
  feasible: readonly NodeInfo[],
  snapshot: Snapshot,
  args: InterPodAffinityArgs,
  existing: ExistingTerms,
): PreScoreState | null {
  if (feasible.length === 0) return null;
  const incoming = pod.pod;
  const terms = existing.terms.get(incoming);
  const hasConstraints = terms.preferredAffinity.length > 0 || terms.preferredAntiAffinity.length > 0;
  // Optionally ignore existing pods' preferences when the incoming pod has none of its own.
  if (args.ignorePreferredTermsOfExistingPods && !hasConstraints) return null;
  // `existing` was refreshed for this cycle by the caller (shared with PreFilter).
  const existingPart = existing.scores;
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
